using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

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
