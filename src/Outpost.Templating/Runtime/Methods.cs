using System.Collections;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>Dispatches the Python str/list/dict methods templates may call.</summary>
internal static class Methods
{
    private static readonly HashSet<string> StringNames =
    [
        "upper", "lower", "title", "capitalize", "swapcase", "casefold", "strip", "lstrip", "rstrip", "split", "rsplit",
        "splitlines", "join", "replace", "startswith", "endswith", "format", "format_map", "count", "find", "rfind", "index",
        "rindex", "zfill", "center", "ljust", "rjust", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower",
        "istitle", "isdecimal", "isnumeric", "isidentifier", "partition", "rpartition", "removeprefix", "removesuffix",
        "expandtabs", "encode",
    ];

    private static readonly HashSet<string> ListNames =
        ["append", "extend", "insert", "pop", "remove", "index", "count", "reverse", "sort", "copy", "clear"];

    private static readonly HashSet<string> TupleNames = ["index", "count"];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsDictMethod(string name) => name switch
    {
        "items" or "keys" or "values" or "get" or "pop" or "update" or "copy" or "setdefault" or "clear" or "popitem" => true,
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Has(object? obj, string name) => obj switch
    {
        string or Markup => StringNames.Contains(name),
        PyTuple => TupleNames.Contains(name),
        IList => ListNames.Contains(name),
        IDictionary or IReadOnlyDictionary<string, object?> => IsDictMethod(name),
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? Invoke(object target, string name, CallArgs args)
    {
        switch (target)
        {
            case string s:
                return StringMethods.Invoke(s, name, args);
            case Markup m:
                var r = StringMethods.Invoke(m.Value, name, args);
                return r switch
                {
                    string rs => new Markup(rs),
                    List<object?> parts => parts.Select(p => p is string ps ? new Markup(ps) : p).ToList(),
                    _ => r,
                };
            case IList l:
                return ListMethods.Invoke(l, name, args);
            default:
                if (Py.AsMapping(target) is { } map)
                {
                    return DictMethods.Invoke(map, name, args);
                }
                throw new TemplateRuntimeException($"'{Py.TypeName(target)}' object has no attribute '{name}'");
        }
    }
}
