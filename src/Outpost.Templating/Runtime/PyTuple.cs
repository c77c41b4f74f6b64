using System.Collections;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>An immutable Python tuple; read-only IList so sequence code treats it like a list.</summary>
internal sealed class PyTuple : IList, IReadOnlyList<object?>
{
    public static readonly PyTuple Empty = new([]);

    private readonly object?[] _items;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PyTuple(object?[] items, string[]? fieldNames = null)
    {
        _items = items;
        FieldNames = fieldNames;
    }

    /// <summary>Set for namedtuple-like results (groupby's grouper/list).</summary>
    public string[]? FieldNames { get; }

    public int Count => _items.Length;

    /// <summary>The backing array; callers must not modify it.</summary>
    internal object?[] Items => _items;

    public object? this[int index]
    {
        get => _items[index];
        set => throw new TemplateRuntimeException("'tuple' object does not support item assignment");
    }

    public bool IsFixedSize => true;

    public bool IsReadOnly => true;

    public bool IsSynchronized => false;

    public object SyncRoot => this;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'append'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clear() => throw new TemplateRuntimeException("'tuple' object has no attribute 'clear'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(object? value) => Array.IndexOf(_items, value) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyTo(Array array, int index) => _items.CopyTo(array, index);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(object? value) => Array.IndexOf(_items, value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Insert(int index, object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'insert'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Remove(object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'remove'");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RemoveAt(int index) => throw new TemplateRuntimeException("'tuple' object has no attribute 'pop'");
}
