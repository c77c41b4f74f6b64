namespace Outpost.Templating.Tests.Differential;

/// <summary>One corpus case as the oracle reports it, with Jinja2's verdict.</summary>
public sealed record DifferentialCase(
    string Name,
    string File,
    IReadOnlyDictionary<string, string> Templates,
    string DataJson,
    CaseOptions Options,
    bool ExpectError,
    OracleResult Result,
    string? Problem)
{
    /// <summary>Name of the template every case renders; the others serve include/import/extends.</summary>
    public const string MainTemplate = "main";
}

/// <summary>The environment settings of a case (jinja2.Environment keyword arguments).</summary>
public sealed record CaseOptions(bool TrimBlocks, bool LstripBlocks, bool KeepTrailingNewline, bool Strict);

/// <summary>What Jinja2 did: rendered <see cref="Output"/> or raised <see cref="Error"/>.</summary>
public sealed record OracleResult(bool Ok, string? Output, string? Error);
