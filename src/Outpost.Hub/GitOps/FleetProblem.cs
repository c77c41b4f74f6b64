using Outpost.Fleet;

namespace Outpost.Hub.GitOps;

/// <summary>One render, publish or repository error as the API shows it: where (file, line, column, site) and what.</summary>
public sealed record FleetProblem
{
    public string? Site { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    public string? Bundle { get; init; }

    public string? Template { get; init; }

    public string? Field { get; init; }

    public required string Message { get; init; }

    /// <summary>The whole error on one line, <c>file:line:col: site '...': message</c>.</summary>
    public required string Text { get; init; }

    public static FleetProblem From(FleetError error) => new()
    {
        Site = error.SiteId,
        File = error.Location?.File,
        Line = error.Location is { Line: > 0 } l ? l.Line : null,
        Column = error.Location is { Column: > 0 } c ? c.Column : null,
        Bundle = error.Bundle,
        Template = error.Template,
        Field = error.Field,
        Message = error.Message,
        Text = error.ToString(),
    };

    public static FleetProblem Of(string message, string? site = null) => new()
    {
        Site = site,
        Message = message,
        Text = site is null ? message : $"site '{site}': {message}",
    };
}
