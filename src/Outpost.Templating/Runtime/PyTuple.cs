using System.Collections;

namespace Outpost.Templating.Runtime;

/// <summary>An immutable Python tuple; read-only IList so sequence code treats it like a list.</summary>
internal sealed class PyTuple : IList, IReadOnlyList<object?>
{
    public static readonly PyTuple Empty = new([]);

    private readonly object?[] _items;

    public PyTuple(object?[] items, string[]? fieldNames = null)
    {
        _items = items;
        FieldNames = fieldNames;
    }

    /// <summary>Set for namedtuple-like results (groupby's grouper/list).</summary>
    public string[]? FieldNames { get; }

    public int Count => _items.Length;

    public object? this[int index]
    {
        get => _items[index];
        set => throw new TemplateRuntimeException("'tuple' object does not support item assignment");
    }

    public bool IsFixedSize => true;

    public bool IsReadOnly => true;

    public bool IsSynchronized => false;

    public object SyncRoot => this;

    public int Add(object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'append'");

    public void Clear() => throw new TemplateRuntimeException("'tuple' object has no attribute 'clear'");

    public bool Contains(object? value) => Array.IndexOf(_items, value) >= 0;

    public void CopyTo(Array array, int index) => _items.CopyTo(array, index);

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public int IndexOf(object? value) => Array.IndexOf(_items, value);

    public void Insert(int index, object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'insert'");

    public void Remove(object? value) => throw new TemplateRuntimeException("'tuple' object has no attribute 'remove'");

    public void RemoveAt(int index) => throw new TemplateRuntimeException("'tuple' object has no attribute 'pop'");
}
