using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Python arithmetic operators (+ - * / // % ** and unary) with int overflow to big integers.</summary>
internal static partial class Py
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Add(object? a, object? b)
    {
        var ka = Num(a, out var la, out var ba, out var da);
        var kb = Num(b, out var lb, out var bb, out var db);
        if (ka != NumKind.None && kb != NumKind.None)
        {
            if (ka == NumKind.Int && kb == NumKind.Int)
            {
                var r = la + lb;
                return ((la ^ r) & (lb ^ r)) < 0 ? (object)((BigInteger)la + lb) : Boxes.Long(r);
            }
            if (ka == NumKind.Float || kb == NumKind.Float)
            {
                return ToDouble(a) + ToDouble(b);
            }
            return Norm(ToBig(a, ka, la, ba) + ToBig(b, kb, lb, bb));
        }
        switch (a)
        {
            case Markup ma when b is string or Markup:
                return new Markup(ma.Value + Markup.Escape(b).Value);
            case string sa when b is string sb:
                return string.Concat(sa, sb);
            case string sa when b is Markup mb:
                return new Markup(Markup.EscapeText(sa) + mb.Value);
            case PyTuple ta when b is PyTuple tb:
                return new PyTuple([.. ta, .. tb]);
            case IList la2 when a is not PyTuple && b is IList lb2 && b is not PyTuple:
                var list = new List<object?>(la2.Count + lb2.Count);
                foreach (var x in la2)
                {
                    list.Add(x);
                }
                foreach (var x in lb2)
                {
                    list.Add(x);
                }
                return list;
        }
        CheckDefined(a);
        CheckDefined(b);
        if (a is string)
        {
            throw TypeError($"can only concatenate str (not \"{TypeName(b)}\") to str");
        }
        if (a is IList && a is not PyTuple)
        {
            throw TypeError($"can only concatenate list (not \"{TypeName(b)}\") to list");
        }
        throw TypeError($"unsupported operand type(s) for +: '{TypeName(a)}' and '{TypeName(b)}'");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Sub(object? a, object? b)
    {
        var ka = Num(a, out var la, out var ba, out var da);
        var kb = Num(b, out var lb, out var bb, out var db);
        if (ka != NumKind.None && kb != NumKind.None)
        {
            if (ka == NumKind.Int && kb == NumKind.Int)
            {
                var r = la - lb;
                return ((la ^ lb) & (la ^ r)) < 0 ? (object)((BigInteger)la - lb) : Boxes.Long(r);
            }
            if (ka == NumKind.Float || kb == NumKind.Float)
            {
                return ToDouble(a) - ToDouble(b);
            }
            return Norm(ToBig(a, ka, la, ba) - ToBig(b, kb, lb, bb));
        }
        throw BinaryError("-", a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TemplateRuntimeException BinaryError(string op, object? a, object? b)
    {
        CheckDefined(a);
        CheckDefined(b);
        return TypeError($"unsupported operand type(s) for {op}: '{TypeName(a)}' and '{TypeName(b)}'");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Mul(object? a, object? b)
    {
        var ka = Num(a, out var la, out var ba, out var da);
        var kb = Num(b, out var lb, out var bb, out var db);
        if (ka != NumKind.None && kb != NumKind.None)
        {
            if (ka == NumKind.Int && kb == NumKind.Int)
            {
                try
                {
                    return Boxes.Long(checked(la * lb));
                }
                catch (OverflowException)
                {
                    return (BigInteger)la * lb;
                }
            }
            if (ka == NumKind.Float || kb == NumKind.Float)
            {
                return ToDouble(a) * ToDouble(b);
            }
            return Norm(ToBig(a, ka, la, ba) * ToBig(b, kb, lb, bb));
        }
        if (kb == NumKind.Int && a is not null)
        {
            return Repeat(a, lb) ?? throw BinaryError("*", a, b);
        }
        if (ka == NumKind.Int && b is not null)
        {
            return Repeat(b, la) ?? throw BinaryError("*", a, b);
        }
        throw BinaryError("*", a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? Repeat(object seq, long n)
    {
        n = Math.Max(0, n);
        switch (seq)
        {
            case string s:
                CheckSize((long)s.Length * n);
                return n == 0 ? string.Empty : new System.Text.StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
            case Markup m:
                return new Markup((string)Repeat(m.Value, n)!);
            case PyTuple t:
                CheckSize(t.Count * n);
                var items = new List<object?>();
                for (var i = 0; i < n; i++)
                {
                    items.AddRange(t);
                }
                return new PyTuple(items.ToArray());
            case IList l:
                CheckSize(l.Count * n);
                var list = new List<object?>();
                for (var i = 0; i < n; i++)
                {
                    foreach (var x in l)
                    {
                        list.Add(x);
                    }
                }
                return list;
            default:
                return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckSize(long n)
    {
        if (n > 50_000_000)
        {
            throw new TemplateRuntimeException("result too large");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object TrueDiv(object? a, object? b)
    {
        var ka = Num(a, out _, out _, out _);
        var kb = Num(b, out _, out _, out _);
        if (ka == NumKind.None || kb == NumKind.None)
        {
            throw BinaryError("/", a, b);
        }
        var y = ToDouble(b);
        if (y == 0)
        {
            throw new TemplateRuntimeException(ka == NumKind.Float || kb == NumKind.Float ? "float division by zero" : "division by zero");
        }
        return ToDouble(a) / y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object FloorDiv(object? a, object? b)
    {
        var ka = Num(a, out var la, out var ba, out _);
        var kb = Num(b, out var lb, out var bb, out _);
        if (ka == NumKind.None || kb == NumKind.None)
        {
            throw BinaryError("//", a, b);
        }
        if (ka != NumKind.Float && kb != NumKind.Float)
        {
            var x = ToBig(a, ka, la, ba);
            var y = ToBig(b, kb, lb, bb);
            if (y.IsZero)
            {
                throw new TemplateRuntimeException("integer division or modulo by zero");
            }
            var q = BigInteger.DivRem(x, y, out var rem);
            if (!rem.IsZero && (rem.Sign < 0) != (y.Sign < 0))
            {
                q -= 1;
            }
            return Norm(q);
        }
        var dy = ToDouble(b);
        if (dy == 0)
        {
            throw new TemplateRuntimeException("float floor division by zero");
        }
        var dx = ToDouble(a);
        var m = FloatMod(dx, dy);
        return Math.Round((dx - m) / dy);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FloatMod(double x, double y)
    {
        var r = x % y;
        if (r == 0)
        {
            return double.CopySign(0, y);
        }
        if ((r < 0) != (y < 0))
        {
            r += y;
        }
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Mod(object? a, object? b)
    {
        if (a is string s)
        {
            return PyFormat.Percent(s, b);
        }
        if (a is Markup m)
        {
            return new Markup(PyFormat.Percent(m.Value, EscapeArgs(b)));
        }
        var ka = Num(a, out var la, out var ba, out _);
        var kb = Num(b, out var lb, out var bb, out _);
        if (ka == NumKind.None || kb == NumKind.None)
        {
            throw BinaryError("%", a, b);
        }
        if (ka != NumKind.Float && kb != NumKind.Float)
        {
            if (ka == NumKind.Int && kb == NumKind.Int && lb != 0 && lb != -1)
            {
                var r = la % lb;
                if (r != 0 && (r < 0) != (lb < 0))
                {
                    r += lb;
                }
                return Boxes.Long(r);
            }
            var x = ToBig(a, ka, la, ba);
            var y = ToBig(b, kb, lb, bb);
            if (y.IsZero)
            {
                throw new TemplateRuntimeException("integer division or modulo by zero");
            }
            var rr = BigInteger.Remainder(x, y);
            if (!rr.IsZero && (rr.Sign < 0) != (y.Sign < 0))
            {
                rr += y;
            }
            return Norm(rr);
        }
        var dy = ToDouble(b);
        if (dy == 0)
        {
            throw new TemplateRuntimeException("float modulo");
        }
        return FloatMod(ToDouble(a), dy);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static object? EscapeArgs(object? b) => b switch
    {
        PyTuple t => new PyTuple(t.Select(x => x is string or Markup ? Markup.Escape(x) : x).ToArray()),
        string or Markup => Markup.Escape(b),
        _ => b,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Pow(object? a, object? b)
    {
        var ka = Num(a, out var la, out var ba, out _);
        var kb = Num(b, out var lb, out _, out _);
        if (ka == NumKind.None || kb == NumKind.None)
        {
            throw BinaryError("** or pow()", a, b);
        }
        if (ka != NumKind.Float && kb == NumKind.Int && lb >= 0)
        {
            if (lb > 100_000)
            {
                throw new TemplateRuntimeException("exponent too large");
            }
            return Norm(BigInteger.Pow(ToBig(a, ka, la, ba), (int)lb));
        }
        var x = ToDouble(a);
        var y = ToDouble(b);
        if (x == 0 && y < 0)
        {
            throw new TemplateRuntimeException("0.0 cannot be raised to a negative power");
        }
        return Math.Pow(x, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Negate(object? a)
    {
        return Num(a, out var l, out var b, out var d) switch
        {
            NumKind.Int => l == long.MinValue ? (object)(-(BigInteger)l) : -l,
            NumKind.Big => Norm(-b),
            NumKind.Float => -d,
            _ => throw UnaryError("-", a),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Plus(object? a)
    {
        return Num(a, out var l, out var b, out var d) switch
        {
            NumKind.Int => l,
            NumKind.Big => b,
            NumKind.Float => d,
            _ => throw UnaryError("+", a),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TemplateRuntimeException UnaryError(string op, object? a)
    {
        CheckDefined(a);
        return TypeError($"bad operand type for unary {op}: '{TypeName(a)}'");
    }
}
