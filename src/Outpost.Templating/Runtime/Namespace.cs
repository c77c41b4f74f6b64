using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>namespace(): a mutable attribute bag that survives scopes ({% set ns.x = 1 %}).</summary>
internal sealed class Namespace : IPyObject
{
    private readonly Dictionary<string, object?> _attrs = new(StringComparer.Ordinal);

    public string TypeName => "Namespace";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Set(string name, object? value) => _attrs[name] = value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value) => _attrs.TryGetValue(name, out value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"<Namespace {Py.Repr(_attrs)}>";
}
