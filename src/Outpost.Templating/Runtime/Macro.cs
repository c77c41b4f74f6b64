using System.Runtime.CompilerServices;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>A macro bound to the scope it was defined in (jinja2.runtime.Macro).</summary>
internal sealed class Macro(MacroDef def, Frame closure) : ICallable, IPyObject
{
    public MacroDef Def { get; } = def;

    public string TypeName => "Macro";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"<Macro '{Def.Name}'>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        value = name switch
        {
            "name" => Def.Name,
            "arguments" => new PyTuple(Def.Parameters.Cast<object?>().ToArray()),
            "catch_kwargs" => Def.CatchKwargs,
            "catch_varargs" => Def.CatchVarargs,
            "caller" => Def.UsesCaller,
            _ => null,
        };
        return name is "name" or "arguments" or "catch_kwargs" or "catch_varargs" or "caller";
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Call(Frame frame, CallArgs args)
    {
        var ctx = closure.Ctx.ForCall();
        var f = new Frame(ctx, closure);
        var ps = Def.Parameters;
        var set = new bool[ps.Length];
        var pos = args.Positional;
        var n = Math.Min(pos.Length, ps.Length);
        for (var i = 0; i < n; i++)
        {
            f.Set(ps[i], pos[i]);
            set[i] = true;
        }
        if (pos.Length > ps.Length && !Def.CatchVarargs)
        {
            throw new TemplateRuntimeException($"macro '{Def.Name}' takes not more than {ps.Length} argument(s)");
        }
        Dictionary<string, object?>? kwargs = Def.CatchKwargs ? [] : null;
        object? caller = null;
        var hasCaller = false;
        if (args.Named is not null)
        {
            foreach (var (k, v) in args.Named)
            {
                var idx = Array.IndexOf(ps, k);
                if (idx >= 0)
                {
                    if (set[idx])
                    {
                        throw new TemplateRuntimeException($"macro '{Def.Name}' got multiple values for argument '{k}'");
                    }
                    f.Set(k, v);
                    set[idx] = true;
                }
                else if (k == "caller" && Def.UsesCaller)
                {
                    caller = v;
                    hasCaller = true;
                }
                else if (kwargs is not null)
                {
                    kwargs[k] = v;
                }
                else
                {
                    throw new TemplateRuntimeException($"macro '{Def.Name}' takes no keyword argument '{k}'");
                }
            }
        }
        for (var i = 0; i < ps.Length; i++)
        {
            if (set[i])
            {
                continue;
            }
            f.Set(ps[i], Def.Defaults[i] is { } d ? d.Eval(f) : Undefined.WithHint($"parameter '{ps[i]}' was not provided", ctx.Strict));
        }
        foreach (var name in Def.Pending)
        {
            f.Set(name, Undefined.Pending(name, ctx.Strict, false, null));
        }
        if (Def.UsesCaller)
        {
            f.Set("caller", hasCaller ? caller : Undefined.WithHint("No caller defined", ctx.Strict));
        }
        if (Def.CatchVarargs)
        {
            f.Set("varargs", new PyTuple(pos.Length > ps.Length ? pos[ps.Length..] : []));
        }
        if (kwargs is not null)
        {
            f.Set("kwargs", kwargs);
        }
        RenderContext.Enter(ctx);
        try
        {
            Stmt.ExecAll(Def.Body, f);
            return BuilderPool.ToStringAndReturn(ctx.Out);
        }
        finally
        {
            RenderContext.Leave();
        }
    }
}
