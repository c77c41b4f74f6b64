namespace Outpost.Hub.Rollouts;

/// <summary>A rollout policy error at a place in its file; the API answers it as 400 with "file:line: field: message".</summary>
public sealed class PolicyException(string file, int line, string field, string message) : Exception($"{file}:{line}: {field}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;
}
