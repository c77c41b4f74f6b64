namespace Outpost.Templating.Runtime;

/// <summary>An engine object that knows its Python-facing name, str, repr and attributes.</summary>
internal interface IPyObject
{
    string TypeName { get; }

    string Str() => Repr();

    string Repr();

    /// <summary>Looks up a template-visible attribute; false when there is none.</summary>
    bool TryGetAttr(string name, out object? value);
}
