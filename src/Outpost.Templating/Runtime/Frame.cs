namespace Outpost.Templating.Runtime;

/// <summary>One variable scope; lookups walk to the parent, then the render data, then globals.</summary>
internal sealed class Frame
{
    private string[]? _names;
    private object?[]? _values;
    private int _count;

    public Frame(RenderContext ctx, Frame? parent, IReadOnlyDictionary<string, object?>? data = null)
    {
        Ctx = ctx;
        Parent = parent;
        Data = data;
    }

    public RenderContext Ctx { get; }

    public Frame? Parent { get; }

    /// <summary>Root of an included template: the includer's 'loop' is not visible through it.</summary>
    public bool HidesLoop { get; init; }

    /// <summary>The render data, on root frames only.</summary>
    public IReadOnlyDictionary<string, object?>? Data { get; }

    public bool TryLookup(string name, out object? value)
    {
        for (var f = this; f is not null; f = f.Parent)
        {
            if (f.TryGetLocal(name, out value))
            {
                return true;
            }
            if (f.Data is not null && f.Data.TryGetValue(name, out value))
            {
                return true;
            }
            if (f.HidesLoop && name == "loop")
            {
                break;
            }
        }
        if (Globals.TryGet(name, out value))
        {
            return true;
        }
        if (name == "self")
        {
            value = new TemplateReference(Ctx.RootFrame?.Ctx ?? Ctx);
            return true;
        }
        return false;
    }

    public object? Lookup(string name)
        => TryLookup(name, out var v) ? v : Undefined.ForName(name, Ctx.Strict);

    public bool TryGetLocal(string name, out object? value)
    {
        var names = _names;
        for (var i = 0; i < _count; i++)
        {
            if ((object)names![i] == name || names[i] == name)
            {
                value = _values![i];
                return true;
            }
        }
        value = null;
        return false;
    }

    public void Set(string name, object? value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_names![i] == name)
            {
                _values![i] = value;
                return;
            }
        }
        if (_names is null)
        {
            _names = new string[4];
            _values = new object?[4];
        }
        else if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _names[_count] = name;
        _values![_count] = value;
        _count++;
    }

    /// <summary>The variables set directly in this frame, in assignment order.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Locals()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object?>(_names![i], _values![i]);
        }
    }
}
