using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>What {% import %} binds: the template's exported top-level names; str() is its output.</summary>
internal sealed class TemplateModule(string name, Dictionary<string, object?> exports, string body) : IPyObject
{
    public string Name { get; } = name;

    public string TypeName => "TemplateModule";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Str() => body;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"<TemplateModule '{Name}'>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value) => exports.TryGetValue(name, out value);
}
