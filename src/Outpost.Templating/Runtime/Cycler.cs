using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>cycler(a, b, ...): next() walks the items round-robin.</summary>
internal sealed class Cycler : IPyObject
{
    private readonly object?[] _items;
    private int _pos;

    public Cycler(object?[] items)
    {
        if (items.Length == 0)
        {
            throw new TemplateRuntimeException("at least one item has to be provided");
        }
        _items = items;
    }

    public string TypeName => "Cycler";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => "<Cycler>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        switch (name)
        {
            case "current":
                value = _items[_pos];
                return true;
            case "next":
                value = new Builtin("next", (_, args) =>
                {
                    args.ExpectNone("next");
                    var v = _items[_pos];
                    _pos = (_pos + 1) % _items.Length;
                    return v;
                });
                return true;
            case "reset":
                value = new Builtin("reset", (_, _) =>
                {
                    _pos = 0;
                    return null;
                });
                return true;
            case "items":
                value = new PyTuple(_items);
                return true;
            default:
                value = null;
                return false;
        }
    }
}
