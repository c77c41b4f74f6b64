using Outpost.Templating.Nodes;

namespace Outpost.Templating.Parsing;

/// <summary>
/// Jinja's symbol rule for one template's top level: a name assigned there, and not read there before its
/// first assignment, starts out undefined; nested scopes (loops, macros, with, set blocks) then see undefined,
/// not the render data, until the assignment runs. Names assigned only inside if branches resolve normally.
/// </summary>
internal sealed class RootSymbols
{
    private readonly HashSet<string> _refs = new(StringComparer.Ordinal);
    private readonly List<string> _pending = [];
    private bool _inBranch;

    public static string[] Analyze(Stmt[] body)
    {
        var symbols = new RootSymbols();
        symbols.Visit(body);
        return symbols._pending.ToArray();
    }

    public void Visit(IEnumerable<Stmt> body)
    {
        foreach (var s in body)
        {
            s.CollectRootSymbols(this);
        }
    }

    public void VisitBranch(IEnumerable<Stmt> body)
    {
        var saved = _inBranch;
        _inBranch = true;
        Visit(body);
        _inBranch = saved;
    }

    public void Load(Node? node)
    {
        switch (node)
        {
            case null:
                return;
            case NameExpr name:
                _refs.Add(name.Name);
                return;
            case Expr e:
                foreach (var child in e.Children)
                {
                    Load(child);
                }
                return;
        }
    }

    public void Store(string name)
    {
        if (!_inBranch && !_refs.Contains(name))
        {
            _pending.Add(name);
        }
        _refs.Add(name);
    }

    public void Store(Target target)
    {
        if (target.Attribute is not null)
        {
            _refs.Add(target.Name!);
            return;
        }
        foreach (var n in target.Names)
        {
            Store(n);
        }
    }
}
