using System.Runtime.CompilerServices;

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DictView Items(Mapping map)
    {
        var view = new DictView("dict_items", []);
        view.Capacity = map.Count;
        foreach (var kv in map.Items())
        {
            view.Add(new PyTuple([kv.Key, kv.Value]));
        }
        return view;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"{TypeName}({Py.Repr(new List<object?>(this))})";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        value = null;
        return false;
    }
}
