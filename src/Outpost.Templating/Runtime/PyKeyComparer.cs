namespace Outpost.Templating.Runtime;

/// <summary>Python dict key equality: 1, 1.0 and True are the same key; strings compare ordinally.</summary>
internal sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) => Py.Equals(x, y);

    public int GetHashCode(object obj)
    {
        switch (obj)
        {
            case string s: return StringComparer.Ordinal.GetHashCode(s);
            case Markup m: return StringComparer.Ordinal.GetHashCode(m.Value);
            case PyTuple t:
                var h = new HashCode();
                foreach (var item in t)
                {
                    h.Add(item is null ? 0 : GetHashCode(item));
                }
                return h.ToHashCode();
        }
        if (Py.IsNumber(obj))
        {
            var d = Py.ToDouble(obj);
            return d == Math.Floor(d) && Math.Abs(d) < 9e18 ? ((long)d).GetHashCode() : d.GetHashCode();
        }
        return obj.GetHashCode();
    }
}
