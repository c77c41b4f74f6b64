using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Python numbers, truthiness, equality and ordering over the value model.</summary>
internal static partial class Py
{
    public enum NumKind
    {
        None,
        Int,
        Big,
        Float,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NumKind Num(object? v, out long l, out BigInteger b, out double d)
    {
        l = 0;
        b = default;
        d = 0;
        switch (v)
        {
            case long x: l = x; return NumKind.Int;
            case int x: l = x; return NumKind.Int;
            case double x: d = x; return NumKind.Float;
            case bool x: l = x ? 1 : 0; return NumKind.Int;
            case BigInteger x: b = x; return NumKind.Big;
            case float x: d = x; return NumKind.Float;
            case short x: l = x; return NumKind.Int;
            case byte x: l = x; return NumKind.Int;
            case sbyte x: l = x; return NumKind.Int;
            case ushort x: l = x; return NumKind.Int;
            case uint x: l = x; return NumKind.Int;
            case ulong x: if (x <= long.MaxValue) { l = (long)x; return NumKind.Int; } b = x; return NumKind.Big;
            case decimal x: d = (double)x; return NumKind.Float;
            default: return NumKind.None;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsNumber(object? v) => Num(v, out _, out _, out _) != NumKind.None;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsInteger(object? v) => v is not bool && Num(v, out _, out _, out _) is NumKind.Int or NumKind.Big;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Norm(BigInteger b) => b >= long.MinValue && b <= long.MaxValue ? Boxes.Long((long)b) : b;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ToDouble(object? v)
    {
        return Num(v, out var l, out var b, out var d) switch
        {
            NumKind.Int => l,
            NumKind.Big => (double)b,
            NumKind.Float => d,
            _ => throw TypeError($"must be real number, not {TypeName(v)}"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static BigInteger ToBig(object? v, NumKind k, long l, BigInteger b) => k == NumKind.Int ? l : b;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TemplateRuntimeException TypeError(string message) => new(message);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckDefined(object? v)
    {
        if (v is Undefined u)
        {
            throw u.Fail();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Truthy(object? v)
    {
        switch (v)
        {
            case bool b: return b;
            case null: return false;
            case string s: return s.Length > 0;
            case long l: return l != 0;
            case int i: return i != 0;
            case double d: return d != 0;
            case Undefined u: return u.Strict ? throw u.Fail() : false;
            case Markup m: return m.Value.Length > 0;
            case ICollection c: return c.Count > 0;
            case BigInteger bi: return !bi.IsZero;
            case IPyObject: return true;
            case IReadOnlyCollection<KeyValuePair<string, object?>> rc: return rc.Count > 0;
            default:
                var k = Num(v, out var ll, out _, out var dd);
                return k switch
                {
                    NumKind.Int => ll != 0,
                    NumKind.Float => dd != 0,
                    _ => true,
                };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static new bool Equals(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return a is not double d || !double.IsNaN(d);
        }
        if (b is Undefined { Strict: true } strictB)
        {
            throw strictB.Fail();
        }
        switch (a)
        {
            case string sa:
                return b switch
                {
                    string sb => string.Equals(sa, sb, StringComparison.Ordinal),
                    Markup mb => string.Equals(sa, mb.Value, StringComparison.Ordinal),
                    _ => false,
                };
            case Markup ma:
                return b switch
                {
                    string sb => string.Equals(ma.Value, sb, StringComparison.Ordinal),
                    Markup mb => string.Equals(ma.Value, mb.Value, StringComparison.Ordinal),
                    _ => false,
                };
            case null:
                return b is null || (b is Undefined { Strict: true } ub0 ? throw ub0.Fail() : false);
            case Undefined ua:
                if (ua.Strict)
                {
                    throw ua.Fail();
                }
                if (b is Undefined { Strict: true } ub1)
                {
                    throw ub1.Fail();
                }
                return b is Undefined;
        }
        if (b is Undefined { Strict: true } ub)
        {
            throw ub.Fail();
        }
        if (b is null or string or Markup or Undefined)
        {
            return false;
        }
        var ka = Num(a, out var la, out var ba, out var da);
        if (ka != NumKind.None)
        {
            var kb = Num(b, out var lb, out var bb, out var db);
            if (kb == NumKind.None)
            {
                return false;
            }
            return CompareNumbers(ka, la, ba, da, kb, lb, bb, db) == 0;
        }
        if (a is PyTuple ta)
        {
            return b is PyTuple tb && SequenceEquals(ta, tb);
        }
        if (a is PyRange || b is PyRange)
        {
            return a is PyRange ra && b is PyRange rb && SequenceEquals(ra, rb);
        }
        if (a is IList la2 && a is not PyTuple)
        {
            return b is IList lb2 && b is not PyTuple && SequenceEquals(la2, lb2);
        }
        if (AsMapping(a) is { } ma2)
        {
            if (AsMapping(b) is not { } mb2 || ma2.Count != mb2.Count)
            {
                return false;
            }
            foreach (var (k, v) in ma2.Items())
            {
                if (!mb2.TryGet(k, out var v2) || !Equals(v, v2))
                {
                    return false;
                }
            }
            return true;
        }
        return a!.Equals(b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SequenceEquals(IList a, IList b)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new TemplateRuntimeException("maximum recursion depth exceeded in comparison");
        }
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareNumbers(NumKind ka, long la, BigInteger ba, double da, NumKind kb, long lb, BigInteger bb, double db)
    {
        if (ka == NumKind.Int && kb == NumKind.Int)
        {
            return la.CompareTo(lb);
        }
        if (ka == NumKind.Float || kb == NumKind.Float)
        {
            var x = ka == NumKind.Float ? da : ka == NumKind.Int ? la : (double)ba;
            var y = kb == NumKind.Float ? db : kb == NumKind.Int ? lb : (double)bb;
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                return 2; // unordered: never equal, never less or greater
            }
            return x.CompareTo(y);
        }
        return ToBig(null, ka, la, ba).CompareTo(ToBig(null, kb, lb, bb));
    }

    /// <summary>Three-way Python ordering; raises TypeError like Python for unorderable pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Compare(object? a, object? b, string op = "<")
    {
        var ka = Num(a, out var la, out var ba, out var da);
        var kb = Num(b, out var lb, out var bb, out var db);
        if (ka != NumKind.None && kb != NumKind.None)
        {
            return CompareNumbers(ka, la, ba, da, kb, lb, bb, db);
        }
        if (AsString(a) is { } sa && AsString(b) is { } sb)
        {
            return Math.Sign(string.CompareOrdinal(sa, sb));
        }
        if (a is Undefined ua)
        {
            throw ua.Fail();
        }
        if (b is Undefined ub)
        {
            throw ub.Fail();
        }
        if (a is IList xa && b is IList xb && (a is PyTuple) == (b is PyTuple))
        {
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new TemplateRuntimeException("maximum recursion depth exceeded in comparison");
            }
            var n = Math.Min(xa.Count, xb.Count);
            for (var i = 0; i < n; i++)
            {
                if (!Equals(xa[i], xb[i]))
                {
                    return Compare(xa[i], xb[i], op);
                }
            }
            return xa.Count.CompareTo(xb.Count);
        }
        throw TypeError($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>str.upper(): also the full case mappings .NET's invariant upper-casing leaves alone (ß to SS).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Upper(string s)
    {
        var upper = s.ToUpperInvariant();
        if (upper.AsSpan().IndexOfAny("ßﬀﬁﬂﬃﬄﬅﬆ") < 0)
        {
            return upper;
        }
        return upper.Replace("ß", "SS", StringComparison.Ordinal).Replace("ﬀ", "FF", StringComparison.Ordinal)
            .Replace("ﬁ", "FI", StringComparison.Ordinal).Replace("ﬂ", "FL", StringComparison.Ordinal)
            .Replace("ﬃ", "FFI", StringComparison.Ordinal).Replace("ﬄ", "FFL", StringComparison.Ordinal)
            .Replace("ﬅ", "ST", StringComparison.Ordinal).Replace("ﬆ", "ST", StringComparison.Ordinal);
    }

    /// <summary>str.lower(): also İ to i + combining dot, as Python does.</summary>
    public static string Lower(string s)
    {
        var lower = s.ToLowerInvariant();
        return s.Contains('\u0130', StringComparison.Ordinal) ? s.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant() : lower;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? AsString(object? v) => v switch
    {
        string s => s,
        Markup m => m.Value,
        _ => null,
    };
}
