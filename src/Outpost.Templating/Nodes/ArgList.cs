using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>Unevaluated call arguments: positional, keyword, *args and **kwargs.</summary>
internal sealed class ArgList
{
    public static readonly ArgList Empty = new([], [], null, null);

    public ArgList(Expr[] positional, (string Name, Expr Value)[] named, Expr? dynArgs, Expr? dynKwargs)
    {
        Positional = positional;
        Named = named;
        DynArgs = dynArgs;
        DynKwargs = dynKwargs;
    }

    public Expr[] Positional { get; }

    public (string Name, Expr Value)[] Named { get; }

    public Expr? DynArgs { get; }

    public Expr? DynKwargs { get; }

    public bool IsEmpty => Positional.Length == 0 && Named.Length == 0 && DynArgs is null && DynKwargs is null;

    public IEnumerable<Expr> All => Positional.Concat(Named.Select(n => n.Value)).Concat(new[] { DynArgs, DynKwargs }.OfType<Expr>());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CallArgs Eval(Frame frame, object? extraKeyword = null, string? extraName = null)
    {
        if (IsEmpty && extraName is null)
        {
            return CallArgs.Empty;
        }
        object?[] pos;
        if (DynArgs is null)
        {
            pos = new object?[Positional.Length];
            for (var i = 0; i < Positional.Length; i++)
            {
                pos[i] = Positional[i].Eval(frame);
            }
        }
        else
        {
            var list = new List<object?>();
            foreach (var p in Positional)
            {
                list.Add(p.Eval(frame));
            }
            list.AddRange(Py.Iterate(DynArgs.Eval(frame)));
            pos = list.ToArray();
        }
        List<KeyValuePair<string, object?>>? named = null;
        if (Named.Length > 0 || DynKwargs is not null || extraName is not null)
        {
            named = new List<KeyValuePair<string, object?>>(Named.Length + 1);
            foreach (var (n, v) in Named)
            {
                named.Add(new KeyValuePair<string, object?>(n, v.Eval(frame)));
            }
            if (DynKwargs is not null)
            {
                var m = Py.AsMapping(DynKwargs.Eval(frame)) ?? throw new TemplateRuntimeException("argument after ** must be a mapping");
                foreach (var (k, v) in m.Items())
                {
                    named.Add(new KeyValuePair<string, object?>(Py.Str(k), v));
                }
            }
            if (extraName is not null)
            {
                named.Add(new KeyValuePair<string, object?>(extraName, extraKeyword));
            }
        }
        return new CallArgs(pos, named);
    }
}
