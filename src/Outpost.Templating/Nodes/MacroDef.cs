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

    /// <summary>Names that start out undefined in the macro body.</summary>
    public string[] Pending { get; set; } = [];

    public void CollectSymbols(Parsing.RootSymbols symbols)
        => symbols.Nested(
            this,
            Parameters.Concat(["caller", "varargs", "kwargs"]),
            () =>
            {
                foreach (var d in Defaults)
                {
                    symbols.Load(d);
                }
                symbols.Visit(Body);
            },
            p => Pending = p);
}
