using System.Collections;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>A uniform view over the dictionary shapes a template may see.</summary>
internal readonly struct Mapping
{
    private readonly IDictionary? _dict;
    private readonly IReadOnlyDictionary<string, object?>? _ro;

    public Mapping(IDictionary dict)
    {
        _dict = dict;
        _ro = null;
    }

    public Mapping(IReadOnlyDictionary<string, object?> ro)
    {
        _dict = null;
        _ro = ro;
    }

    public int Count => _dict?.Count ?? _ro!.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(object? key, out object? value)
    {
        if (_dict is not null)
        {
            var k = NormalizeKey(key);
            if (k is not null && _dict.Contains(k))
            {
                value = _dict[k];
                return true;
            }
            value = null;
            return false;
        }
        if (Py.AsString(key) is { } s && _ro!.TryGetValue(s, out value))
        {
            return true;
        }
        value = null;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ContainsKey(object? key) => TryGet(key, out _);

    /// <summary>Python treats 1, 1.0 and True as the same key; engine dicts store integers as long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? NormalizeKey(object? key) => key switch
    {
        Markup m => m.Value,
        int i => (long)i,
        _ => key,
    };

    /// <summary>The entries in order, collected eagerly (no iterator state machine on hot paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<KeyValuePair<object?, object?>> Items()
    {
        var result = new List<KeyValuePair<object?, object?>>(Count);
        if (_dict is Dictionary<string, object?> fast)
        {
            foreach (var (k, v) in fast)
            {
                result.Add(new KeyValuePair<object?, object?>(k, v));
            }
        }
        else if (_dict is not null)
        {
            var e = _dict.GetEnumerator();
            while (e.MoveNext())
            {
                result.Add(new KeyValuePair<object?, object?>(e.Key, e.Value));
            }
        }
        else
        {
            foreach (var (k, v) in _ro!)
            {
                result.Add(new KeyValuePair<object?, object?>(k, v));
            }
        }
        return result;
    }

    public IEnumerable<object?> Keys()
    {
        foreach (var kv in Items())
        {
            yield return kv.Key;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<object?> Values()
    {
        foreach (var kv in Items())
        {
            yield return kv.Value;
        }
    }

    public IDictionary? Mutable => _dict is { IsReadOnly: false } ? _dict : null;
}
