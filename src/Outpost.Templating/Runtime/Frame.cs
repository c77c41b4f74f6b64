using System.Runtime.CompilerServices;
namespace Outpost.Templating.Runtime;

/// <summary>One variable scope; lookups walk to the parent, then the render data, then globals.</summary>
internal sealed class Frame
{
    private Entry[]? _entries;
    private int _count;

    private struct Entry
    {
        public string Name;
        public object? Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Block and include scopes resolve top-level names from the context, skipping not-yet-assigned ones.</summary>
    public bool SkipsPending { get; init; }

    /// <summary>The render data, on root frames only.</summary>
    public IReadOnlyDictionary<string, object?>? Data { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryLookup(string name, out object? value)
    {
        var skipPending = false;
        for (var f = this; f is not null; f = f.Parent)
        {
            if (f.TryGetLocal(name, out value))
            {
                if (!skipPending || value is not Undefined { IsPending: true } pending)
                {
                    return true;
                }
                if (pending.HasShadowed)
                {
                    value = pending.Shadowed;
                    return true;
                }
            }
            if (f.Data is not null && f.Data.TryGetValue(name, out value))
            {
                return true;
            }
            if (f.HidesLoop && name == "loop")
            {
                break;
            }
            skipPending |= f.SkipsPending;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Lookup(string name)
        => TryLookup(name, out var v) ? v : Undefined.ForName(name, Ctx.Strict);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetLocal(string name, out object? value)
    {
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref entries![i];
            if ((object)e.Name == name || (e.Name.Length == name.Length && string.Equals(e.Name, name, StringComparison.Ordinal)))
            {
                value = e.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(string name, object? value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries![i].Name, name, StringComparison.Ordinal))
            {
                _entries[i].Value = value;
                return;
            }
        }
        if (_entries is null)
        {
            _entries = new Entry[4];
        }
        else if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }
        _entries[_count].Name = name;
        _entries[_count].Value = value;
        _count++;
    }

    /// <summary>A snapshot of every visible variable (jinja2 Context.get_all plus locals), innermost first.</summary>
    public Dictionary<string, object?> Snapshot()
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var f = this; f is not null; f = f.Parent)
        {
            for (var i = 0; i < f._count; i++)
            {
                if (f._entries![i].Value is not Undefined { IsPending: true })
                {
                    all.TryAdd(f._entries[i].Name, f._entries[i].Value);
                }
            }
            if (f.Data is not null)
            {
                foreach (var (k, v) in f.Data)
                {
                    all.TryAdd(k, v);
                }
            }
        }
        return all;
    }

    /// <summary>Forgets this frame's own variables so a loop can reuse it for the next iteration.</summary>
    public void Reset()
    {
        if (_count > 0)
        {
            Array.Clear(_entries!, 0, _count);
            _count = 0;
        }
    }

    /// <summary>The variables set directly in this frame, in assignment order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IEnumerable<KeyValuePair<string, object?>> Locals()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object?>(_entries![i].Name, _entries[i].Value);
        }
    }
}
