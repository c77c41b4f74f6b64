using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Python truthiness, equality, ordering and arithmetic over the value model.</summary>
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
    private static void CheckSize(long n)
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

/// <summary>Conversions and sorting shared by methods and filters.</summary>
internal static partial class Py
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToLong(object? v)
    {
        return Num(v, out var l, out var b, out var d) switch
        {
            NumKind.Int => l,
            NumKind.Big => (long)b,
            NumKind.Float => throw TypeError("'float' object cannot be interpreted as an integer"),
            _ => throw TypeError($"'{TypeName(v)}' object cannot be interpreted as an integer"),
        };
    }

    /// <summary>Python's sorted(): stable, raising TypeError for unorderable items.</summary>
    public static List<object?> StableSort(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var n = items.Count;
        var keyed = new SortEntry[n];
        for (var i = 0; i < n; i++)
        {
            keyed[i] = new SortEntry(key(items[i]), i);
        }
        MergeSort(keyed, new SortEntry[n], 0, n, reverse);
        var result = new List<object?>(n);
        for (var i = 0; i < n; i++)
        {
            result.Add(items[keyed[i].Index]);
        }
        return result;
    }

    private readonly record struct SortEntry(object? Key, int Index);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompareEntries(in SortEntry a, in SortEntry b, bool reverse)
    {
        int c;
        if (a.Key is string sa && b.Key is string sb)
        {
            c = string.CompareOrdinal(sa, sb);
        }
        else
        {
            c = Compare(a.Key, b.Key);
            if (c == 2)
            {
                c = 0;
            }
        }
        return reverse ? -c : c;
    }

    // Stable merge sort (insertion sort for short runs), like Python's sorted(); equal keys keep input order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeSort(SortEntry[] a, SortEntry[] tmp, int lo, int hi, bool reverse)
    {
        if (hi - lo <= 12)
        {
            for (var i = lo + 1; i < hi; i++)
            {
                var x = a[i];
                var j = i - 1;
                while (j >= lo && CompareEntries(a[j], x, reverse) > 0)
                {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        var mid = (lo + hi) / 2;
        MergeSort(a, tmp, lo, mid, reverse);
        MergeSort(a, tmp, mid, hi, reverse);
        int l = lo, r = mid, k = lo;
        while (l < mid && r < hi)
        {
            tmp[k++] = CompareEntries(a[r], a[l], reverse) < 0 ? a[r++] : a[l++];
        }
        while (l < mid)
        {
            tmp[k++] = a[l++];
        }
        while (r < hi)
        {
            tmp[k++] = a[r++];
        }
        Array.Copy(tmp, lo, a, lo, hi - lo);
    }
}
