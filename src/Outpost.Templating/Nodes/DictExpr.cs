using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A dict literal {k: v}; string-keyed unless a key is not a string.</summary>
internal sealed class DictExpr(SourceText source, int pos, Expr[] keys, Expr[] values) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => keys.Concat(values);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var ks = new object?[keys.Length];
        var allStrings = true;
        for (var i = 0; i < keys.Length; i++)
        {
            ks[i] = Mapping.NormalizeKey(keys[i].Eval(frame));
            allStrings &= ks[i] is string;
        }
        if (allStrings)
        {
            var d = new Dictionary<string, object?>(keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                d[(string)ks[i]!] = values[i].Eval(frame);
            }
            return d;
        }
        var od = new Dictionary<object, object?>(keys.Length, PyKeyComparer.Instance);
        for (var i = 0; i < keys.Length; i++)
        {
            // The indexer keeps the first equal key object, as Python does (True stays True after 1).
            od[ks[i] ?? throw new TemplateRuntimeException("None is not supported as a dictionary key")] = values[i].Eval(frame);
        }
        return od;
    }
}
