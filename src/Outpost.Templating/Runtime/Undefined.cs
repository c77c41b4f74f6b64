using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>A missing value (jinja2.Undefined / StrictUndefined): prints empty unless strict, fails on real use.</summary>
internal sealed class Undefined
{
    private readonly string? _hint;
    private readonly object? _obj;
    private readonly bool _hasObj;

    private Undefined(string? name, string? hint, object? obj, bool hasObj, bool strict)
    {
        Name = name;
        _hint = hint;
        _obj = obj;
        _hasObj = hasObj;
        Strict = strict;
    }

    public string? Name { get; }

    public bool Strict { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Undefined ForName(string name, bool strict) => new(name, null, null, false, strict);

    /// <summary>A top-level variable not assigned yet; blocks and includes look past it to the render data.</summary>
    public static Undefined Pending(string name, bool strict, bool hasShadowed, object? shadowed)
        => new(name, null, null, false, strict) { IsPending = true, HasShadowed = hasShadowed, Shadowed = shadowed };

    public bool IsPending { get; private init; }

    /// <summary>For a pending name: the value it hides (set by a child template), which blocks still see.</summary>
    public bool HasShadowed { get; private init; }

    public object? Shadowed { get; private init; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Undefined ForAttribute(object? obj, string name, bool strict) => new(name, null, obj, true, strict);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Undefined WithHint(string hint, bool strict) => new(null, hint, null, false, strict);

    /// <summary>Same wording as jinja2.Undefined._undefined_message.</summary>
    public string Message
    {
        get
        {
            if (_hint is not null)
            {
                return _hint;
            }
            if (!_hasObj)
            {
                return Name is null ? "value is undefined" : $"'{Name}' is undefined";
            }
            return $"'{Py.TypeName(_obj)} object' has no attribute '{Name}'";
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public UndefinedException Fail() => new(Message);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override string ToString() => Strict ? throw Fail() : string.Empty;
}
