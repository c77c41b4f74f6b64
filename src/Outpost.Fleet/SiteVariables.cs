namespace Outpost.Fleet;

/// <summary>A site's merged variables and, for each value, the file and line it came from.</summary>
public sealed class SiteVariables
{
    private readonly Dictionary<string, object?> _values;
    private readonly Dictionary<string, SourceLocation> _locations;

    internal SiteVariables(Dictionary<string, object?> values, Dictionary<string, SourceLocation> locations)
    {
        _values = values;
        _locations = locations;
    }

    /// <summary>Merged values: string, long, double, bool, null, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;.</summary>
    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Where the value at a path such as <c>lis.port</c> was written (the winning layer), or null if nowhere.</summary>
    public SourceLocation? LocationOf(string path) => VariablePath.Nearest(_locations, path);

    /// <summary>True and the value when the dotted path (<c>a.b[0].c</c>) exists.</summary>
    public bool TryGet(string path, out object? value)
    {
        value = _values;
        foreach (var segment in Segments(path))
        {
            switch (segment)
            {
                case (string key, _) when value is Dictionary<string, object?> map && map.TryGetValue(key, out var next):
                    value = next;
                    break;
                case (null, int index) when value is List<object?> list && index >= 0 && index < list.Count:
                    value = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    public object? Get(string path) => TryGet(path, out var value) ? value : null;

    /// <summary>A private copy for one render, so a template can never change what another site or template sees.</summary>
    internal Dictionary<string, object?> CloneValues() => (Dictionary<string, object?>)VariableMerger.DeepCopy(_values)!;

    private static IEnumerable<(string? Key, int Index)> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return (bracket < 0 ? part : part[..bracket], -1);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(part.AsSpan(bracket + 1, close - bracket - 1), out var index))
                {
                    yield return (null, -1);
                    yield break;
                }
                yield return (null, index);
                bracket = part.IndexOf('[', close);
            }
        }
    }
}
