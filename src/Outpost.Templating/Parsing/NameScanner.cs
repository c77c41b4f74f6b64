using Outpost.Templating.Nodes;

namespace Outpost.Templating.Parsing;

/// <summary>Finds which of caller/varargs/kwargs a macro body reads, as Jinja decides at compile time.</summary>
internal static class NameScanner
{
    private static readonly string[] Special = ["caller", "varargs", "kwargs"];

    public static HashSet<string> Find(IEnumerable<Node> body, string[] parameters)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in body)
        {
            Walk(n, found);
        }
        // A parameter named like a special shadows it.
        found.ExceptWith(parameters);
        return found;
    }

    private static void Walk(Node node, HashSet<string> found)
    {
        switch (node)
        {
            case NameExpr name when Special.Contains(name.Name):
                found.Add(name.Name);
                return;
            case BlockStmt:
                return;
            case Expr e:
                foreach (var c in e.Children)
                {
                    Walk(c, found);
                }
                return;
            case Stmt s:
                foreach (var c in s.Children)
                {
                    Walk(c, found);
                }
                return;
        }
    }
}
