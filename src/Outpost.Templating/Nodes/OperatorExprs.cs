using System.Text;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>Arithmetic binary operators.</summary>
internal sealed class BinaryExpr(SourceText source, int pos, string op, Expr left, Expr right) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [left, right];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var a = left.Eval(frame);
        var b = right.Eval(frame);
        return op switch
        {
            "+" => Py.Add(a, b),
            "-" => Py.Sub(a, b),
            "*" => Py.Mul(a, b),
            "/" => Py.TrueDiv(a, b),
            "//" => Py.FloorDiv(a, b),
            "%" => Py.Mod(a, b),
            _ => Py.Pow(a, b),
        };
    }
}

/// <summary>Python 'and': returns the deciding operand.</summary>
internal sealed class AndExpr(SourceText source, int pos, Expr left, Expr right) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [left, right];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var a = left.Eval(frame);
        return Py.Truthy(a) ? right.Eval(frame) : a;
    }
}

/// <summary>Python 'or': returns the deciding operand.</summary>
internal sealed class OrExpr(SourceText source, int pos, Expr left, Expr right) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [left, right];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var a = left.Eval(frame);
        return Py.Truthy(a) ? a : right.Eval(frame);
    }
}

/// <summary>Unary not, minus and plus.</summary>
internal sealed class UnaryExpr(SourceText source, int pos, string op, Expr operand) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => [operand];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        return op switch
        {
            "not" => Boxes.Bool(!Py.Truthy(v)),
            "-" => Py.Negate(v),
            _ => Py.Plus(v),
        };
    }
}

/// <summary>Chained comparison a &lt; b &lt;= c, including in / not in.</summary>
internal sealed class CompareExpr(SourceText source, int pos, Expr first, string[] ops, Expr[] operands) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => operands.Prepend(first);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var left = first.Eval(frame);
        for (var i = 0; i < ops.Length; i++)
        {
            var right = operands[i].Eval(frame);
            if (!Apply(ops[i], left, right))
            {
                return Boxes.False;
            }
            left = right;
        }
        return Boxes.True;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Apply(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==": return Py.Equals(a, b);
            case "!=": return !Py.Equals(a, b);
            case "in": return Py.Contains(b, a);
            case "notin": return !Py.Contains(b, a);
        }
        var c = Py.Compare(a, b, op);
        if (c == 2)
        {
            return false;
        }
        return op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            _ => c >= 0,
        };
    }
}

/// <summary>The ~ operator: str() of each operand joined.</summary>
internal sealed class ConcatExpr(SourceText source, int pos, Expr[] parts) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => parts;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        var sb = BuilderPool.Rent();
        foreach (var p in parts)
        {
            sb.Append(Py.Str(p.Eval(frame)));
        }
        return BuilderPool.ToStringAndReturn(sb);
    }
}

/// <summary>a if cond else b; without else yields undefined.</summary>
internal sealed class CondExpr(SourceText source, int pos, Expr test, Expr then, Expr? otherwise) : Expr(source, pos)
{
    public override IEnumerable<Expr> Children => new[] { test, then, otherwise }.OfType<Expr>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override object? Eval(Frame frame)
    {
        if (Py.Truthy(test.Eval(frame)))
        {
            return then.Eval(frame);
        }
        if (otherwise is not null)
        {
            return otherwise.Eval(frame);
        }
        var (line, _) = Source.Locate(Pos);
        return Undefined.WithHint($"the inline if-expression on line {line} evaluated to false and no else section was defined.", frame.Ctx.Strict);
    }
}
