namespace Outpost.Templating.Nodes;

/// <summary>The static shape of a macro or call-block caller: parameters, defaults, body, and what it reads.</summary>
internal sealed class MacroDef(string name, string[] parameters, Expr?[] defaults, Stmt[] body, bool catchVarargs, bool catchKwargs, bool usesCaller)
{
    public string Name { get; } = name;

    public string[] Parameters { get; } = parameters;

    public Expr?[] Defaults { get; } = defaults;

    public Stmt[] Body { get; } = body;

    public bool CatchVarargs { get; } = catchVarargs;

    public bool CatchKwargs { get; } = catchKwargs;

    public bool UsesCaller { get; } = usesCaller;
}
