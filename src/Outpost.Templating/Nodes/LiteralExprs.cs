using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>A literal constant.</summary>
internal sealed class ConstExpr(SourceText source, int pos, object? value) : Expr(source, pos)
{
    public object? Value { get; } = value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame) => Value;
}

/// <summary>A list literal [a, b]; builds a fresh list each time (lists are mutable).</summary>
internal sealed class ListExpr(SourceText source, int pos, Expr[] items) : Expr(source, pos)
{
    public Expr[] Items { get; } = items;

    public override IEnumerable<Expr> Children => Items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var list = new List<object?>(Items.Length);
        foreach (var item in Items)
        {
            list.Add(item.Eval(frame));
        }
        return list;
    }
}

/// <summary>A tuple literal (a, b) or bare a, b.</summary>
internal sealed class TupleExpr(SourceText source, int pos, Expr[] items) : Expr(source, pos)
{
    public Expr[] Items { get; } = items;

    public override IEnumerable<Expr> Children => Items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        if (Items.Length == 0)
        {
            return PyTuple.Empty;
        }
        var values = new object?[Items.Length];
        for (var i = 0; i < Items.Length; i++)
        {
            values[i] = Items[i].Eval(frame);
        }
        return new PyTuple(values);
    }
}

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
