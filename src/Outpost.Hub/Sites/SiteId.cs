using System.Text.RegularExpressions;

namespace Outpost.Hub.Sites;

/// <summary>Site ids are DNS labels (lower case, digits, '-'), so they fit certificate names, paths and URLs.</summary>
public static partial class SiteId
{
    public static string? Problem(string? id) =>
        string.IsNullOrEmpty(id) ? "a site id is required"
        : !Pattern().IsMatch(id) ? $"site id '{id}' is malformed: use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit"
        : null;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
