namespace Outpost.Hub.Sites;

/// <summary>A label selector "k=v,k2!=v2,k3": all terms must hold.</summary>
public sealed class LabelSelector
{
    private readonly List<(string Key, string? Value, bool Negate)> _terms;

    private LabelSelector(List<(string, string?, bool)> terms) => _terms = terms;

    public static LabelSelector Parse(string text)
    {
        var terms = new List<(string, string?, bool)>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = raw.Contains("!=", StringComparison.Ordinal);
            var parts = raw.Split(negate ? "!=" : "=", 2);
            var key = parts[0].Trim();
            if (key.Length == 0 || (parts.Length == 2 && parts[1].Contains('=', StringComparison.Ordinal)))
            {
                throw new FormatException($"Selector term '{raw}' is malformed: use key=value, key!=value or key.");
            }

            terms.Add((key, parts.Length == 2 ? parts[1].Trim() : null, negate));
        }

        if (terms.Count == 0)
        {
            throw new FormatException("The selector is empty.");
        }

        return new LabelSelector(terms);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        _terms.All(t => t.Value is null
            ? labels.ContainsKey(t.Key)
            : (labels.TryGetValue(t.Key, out var v) && v == t.Value) != t.Negate);
}
