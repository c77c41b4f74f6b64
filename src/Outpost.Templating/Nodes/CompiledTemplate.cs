using Outpost.Templating.Lexing;

namespace Outpost.Templating.Nodes;

/// <summary>The parsed, ready-to-run form of one template; immutable and shared across threads.</summary>
internal sealed class CompiledTemplate(SourceText source, Stmt[] body, Dictionary<string, BlockStmt> blocks)
{
    public SourceText Source { get; } = source;

    public string Name => Source.Name;

    public Stmt[] Body { get; } = body;

    public IReadOnlyDictionary<string, BlockStmt> Blocks { get; } = blocks;

    /// <summary>Top-level names that start out undefined for nested scopes (Jinja's VAR_LOAD_UNDEFINED).</summary>
    public string[] PendingLocals { get; private set; } = [];

    /// <summary>Runs the symbol analysis once and hands each scope its pending names.</summary>
    public CompiledTemplate Analyze()
    {
        Parsing.RootSymbols.Analyze(this, Body, p => PendingLocals = p);
        return this;
    }
}
