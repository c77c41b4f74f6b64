namespace Outpost.Hub.Sites;

/// <summary>
/// A label selector as the hub takes it (publish, rollout waves and windows, operator scopes): the fleet
/// repository's grammar, so the same text selects the same sites everywhere, except that an empty selector
/// is an error here (on the hub "everything" must be said explicitly, e.g. as a last wave without selector).
/// </summary>
public sealed class LabelSelector
{
    private readonly Fleet.LabelSelector _selector;

    private LabelSelector(Fleet.LabelSelector selector) => _selector = selector;

    public IEnumerable<string> Keys => _selector.Keys;

    /// <summary>Parses a selector; throws <see cref="FormatException"/> when it is empty or malformed.</summary>
    public static LabelSelector Parse(string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new FormatException("The selector is empty.") : new(Fleet.LabelSelector.Parse(text));

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _selector.Matches(labels);
}
