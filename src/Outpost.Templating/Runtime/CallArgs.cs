using System.Runtime.CompilerServices;
namespace Outpost.Templating.Runtime;

/// <summary>Evaluated positional and keyword arguments of one call, with Python-style binding helpers.</summary>
internal sealed class CallArgs
{
    public static readonly CallArgs Empty = new([], null);

    /// <summary>Marks a parameter without a default in <see cref="Bind"/>.</summary>
    public static readonly object Required = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CallArgs(object?[] positional, List<KeyValuePair<string, object?>>? named)
    {
        Positional = positional;
        Named = named;
    }

    public object?[] Positional { get; }

    public List<KeyValuePair<string, object?>>? Named { get; }

    public int Count => Positional.Length + (Named?.Count ?? 0);

    public bool IsEmpty => Positional.Length == 0 && (Named is null || Named.Count == 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetNamed(string name, out object? value)
    {
        if (Named is not null)
        {
            foreach (var (k, v) in Named)
            {
                if (k == name)
                {
                    value = v;
                    return true;
                }
            }
        }
        value = null;
        return false;
    }

    /// <summary>Binds to a fixed parameter list like a Python function; raises TypeError on misuse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object?[] Bind(string function, ReadOnlySpan<string> names, ReadOnlySpan<object?> defaults)
    {
        if (Positional.Length > names.Length)
        {
            throw new TemplateRuntimeException($"{function}() takes at most {names.Length} positional arguments ({Positional.Length} given)");
        }
        var result = new object?[names.Length];
        if (Positional.Length == 0 && Named is null)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (ReferenceEquals(defaults[i], Required))
                {
                    throw new TemplateRuntimeException($"{function}() missing required argument: '{names[i]}'");
                }
                result[i] = defaults[i];
            }
            return result;
        }
        Span<bool> set = stackalloc bool[names.Length];
        for (var i = 0; i < Positional.Length; i++)
        {
            result[i] = Positional[i];
            set[i] = true;
        }
        if (Named is not null)
        {
            foreach (var (k, v) in Named)
            {
                var idx = names.IndexOf(k);
                if (idx < 0)
                {
                    throw new TemplateRuntimeException($"{function}() got an unexpected keyword argument '{k}'");
                }
                if (set[idx])
                {
                    throw new TemplateRuntimeException($"{function}() got multiple values for argument '{k}'");
                }
                result[idx] = v;
                set[idx] = true;
            }
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (!set[i])
            {
                if (ReferenceEquals(defaults[i], Required))
                {
                    throw new TemplateRuntimeException($"{function}() missing required argument: '{names[i]}'");
                }
                result[i] = defaults[i];
            }
        }
        return result;
    }

    /// <summary>Fails unless the call passes no arguments at all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ExpectNone(string function)
    {
        if (!IsEmpty)
        {
            throw new TemplateRuntimeException($"{function}() takes no arguments ({Count} given)");
        }
    }
}
