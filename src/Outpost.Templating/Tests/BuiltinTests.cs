using System.Collections;
using System.Runtime.CompilerServices;
using Outpost.Templating.Nodes;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Tests;

/// <summary>The registry of Jinja2's builtin tests.</summary>
internal static class BuiltinTests
{
    private static readonly Dictionary<string, TestFunc> Registry = new(StringComparer.Ordinal)
    {
        ["boolean"] = NoArgs("boolean", v => v is bool),
        ["callable"] = NoArgs("callable", v => v is ICallable or Undefined),
        ["defined"] = NoArgs("defined", v => v is not Undefined),
        ["undefined"] = NoArgs("undefined", v => v is Undefined),
        ["divisibleby"] = (_, v, a) =>
        {
            var n = a.Bind("divisibleby", ["num"], [CallArgs.Required])[0];
            return Py.Equals(Py.Mod(v, n), 0L);
        },
        ["eq"] = Compare("eq", "=="),
        ["equalto"] = Compare("equalto", "=="),
        ["=="] = Compare("==", "=="),
        ["ne"] = Compare("ne", "!="),
        ["!="] = Compare("!=", "!="),
        ["lt"] = Compare("lt", "<"),
        ["lessthan"] = Compare("lessthan", "<"),
        ["<"] = Compare("<", "<"),
        ["le"] = Compare("le", "<="),
        ["<="] = Compare("<=", "<="),
        ["gt"] = Compare("gt", ">"),
        ["greaterthan"] = Compare("greaterthan", ">"),
        [">"] = Compare(">", ">"),
        ["ge"] = Compare("ge", ">="),
        [">="] = Compare(">=", ">="),
        ["escaped"] = NoArgs("escaped", v => v is Markup),
        ["even"] = NoArgs("even", v => Py.Equals(Py.Mod(v, 2L), 0L)),
        ["odd"] = NoArgs("odd", v => Py.Equals(Py.Mod(v, 2L), 1L)),
        ["false"] = NoArgs("false", v => v is false),
        ["true"] = NoArgs("true", v => v is true),
        ["filter"] = NoArgs("filter", v => v is string s && Filters.BuiltinFilters.Exists(s)),
        ["test"] = NoArgs("test", v => v is string s && Registry!.ContainsKey(s)),
        ["float"] = NoArgs("float", v => v is double or float),
        ["integer"] = NoArgs("integer", Py.IsInteger),
        ["number"] = NoArgs("number", Py.IsNumber),
        ["in"] = (_, v, a) => Py.Contains(a.Bind("in", ["seq"], [CallArgs.Required])[0], v),
        ["iterable"] = NoArgs("iterable", v => v is Undefined { Strict: true } u ? throw u.Fail() : v is not null && Py.IsIterable(v)),
        ["lower"] = NoArgs("lower", v => IsCase(Py.Str(v), lower: true)),
        ["upper"] = NoArgs("upper", v => IsCase(Py.Str(v), lower: false)),
        ["mapping"] = NoArgs("mapping", Py.IsMapping),
        ["none"] = NoArgs("none", v => v is null),
        ["sameas"] = (_, v, a) => SameAs(v, a.Bind("sameas", ["other"], [CallArgs.Required])[0]),
        ["sequence"] = NoArgs("sequence", v => v is string or Markup or IList or IDictionary or IReadOnlyDictionary<string, object?> or Undefined { Strict: false }),
        ["string"] = NoArgs("string", v => v is string or Markup),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGet(string name, out TestFunc test) => Registry.TryGetValue(name, out test!);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TestFunc NoArgs(string name, Func<object?, bool> f) => (_, v, a) =>
    {
        a.ExpectNone(name);
        return f(v);
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TestFunc Compare(string name, string op) => (_, v, a) =>
        CompareExpr.Apply(op, v, a.Bind(name, ["other"], [CallArgs.Required])[0]);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsCase(string s, bool lower)
        => lower ? s.Any(char.IsLetter) && !s.Any(char.IsUpper) : s.Any(char.IsLetter) && !s.Any(char.IsLower);

    // Python 'is': identity; small ints and singletons are shared objects in CPython.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SameAs(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a is bool ba && b is bool bb)
        {
            return ba == bb;
        }
        if (a is long la && b is long lb && la == lb)
        {
            return la is >= -5 and <= 256;
        }
        if (a is string sa && b is string sb && sa == sb)
        {
            return sa.Length <= 1 || sa.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        }
        return ReferenceEquals(a, b);
    }
}
