namespace Outpost.Fleet;

/// <summary>A place in a fleet repository file: repository-relative path plus 1-based line and column (0 when unknown).</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
