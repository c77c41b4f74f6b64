namespace Outpost.Templating.Runtime;

/// <summary>A snapshot of dict.keys()/values()/items(); iterates like a list, prints like Python's view.</summary>
internal sealed class DictView : List<object?>, IPyObject
{
    public DictView(string typeName, IEnumerable<object?> items)
        : base(items)
    {
        TypeName = typeName;
    }

    public string TypeName { get; }

    public string Repr() => $"{TypeName}({Py.Repr(new List<object?>(this))})";

    public bool TryGetAttr(string name, out object? value)
    {
        value = null;
        return false;
    }
}
