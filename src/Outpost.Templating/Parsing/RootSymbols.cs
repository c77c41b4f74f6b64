using Outpost.Templating.Nodes;

namespace Outpost.Templating.Parsing;

/// <summary>
/// Jinja's compile-time symbol rule, per scope: a name assigned directly in a scope, not read there before that
/// assignment, and not known to any enclosing scope starts out undefined; nested scopes then see undefined,
/// not the render data, until the assignment runs. Names assigned only inside if branches resolve normally.
/// Runs twice: first to learn every scope's names, then to decide what is pending in each.
/// </summary>
internal sealed class RootSymbols
{
    private readonly Dictionary<object, HashSet<string>> _refs = new(ReferenceEqualityComparer.Instance);
    private readonly bool _decide;
    private Scope _current;

    private RootSymbols(object root, bool decide, Dictionary<object, HashSet<string>>? refs, Action<string[]> assignRoot)
    {
        _decide = decide;
        if (refs is not null)
        {
            _refs = refs;
        }
        _current = new Scope(root, null, assignRoot);
    }

    private sealed class Scope(object key, Scope? parent, Action<string[]> assign)
    {
        public object Key { get; } = key;

        public Scope? Parent { get; } = parent;

        public Action<string[]> Assign { get; } = assign;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public List<string> Pending { get; } = [];

        public bool InBranch { get; set; }
    }

    /// <summary>Analyses a template body and hands every scope its pending names (root ones to <paramref name="assignRoot"/>).</summary>
    public static void Analyze(object root, Stmt[] body, Action<string[]> assignRoot)
    {
        var learn = new RootSymbols(root, decide: false, null, assignRoot);
        learn.Visit(body);
        learn.Close();
        var decide = new RootSymbols(root, decide: true, learn._refs, assignRoot);
        decide.Visit(body);
        decide.Close();
    }

    private void Close()
    {
        if (!_decide)
        {
            _refs[_current.Key] = _current.Seen;
        }
        else if (_current.Pending.Count > 0)
        {
            _current.Assign(_current.Pending.ToArray());
        }
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
        var saved = _current.InBranch;
        _current.InBranch = true;
        Visit(body);
        _current.InBranch = saved;
    }

    /// <summary>Runs <paramref name="visit"/> in a nested scope; detached scopes (blocks) see no enclosing names.</summary>
    public void Nested(object key, IEnumerable<string> declared, Action visit, Action<string[]> assign, bool detached = false)
    {
        var outer = _current;
        _current = new Scope(key, detached ? null : outer, assign);
        foreach (var d in declared)
        {
            _current.Seen.Add(d);
        }
        visit();
        Close();
        _current = outer;
    }

    public void Load(Node? node)
    {
        switch (node)
        {
            case null:
                return;
            case NameExpr name:
                _current.Seen.Add(name.Name);
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
        if (_decide && !_current.InBranch && !_current.Seen.Contains(name) && !KnownOutside(name))
        {
            _current.Pending.Add(name);
        }
        _current.Seen.Add(name);
    }

    public void Store(Target target)
    {
        if (target.Attribute is not null)
        {
            _current.Seen.Add(target.Name!);
            return;
        }
        foreach (var n in target.Names)
        {
            Store(n);
        }
    }

    private bool KnownOutside(string name)
    {
        for (var s = _current.Parent; s is not null; s = s.Parent)
        {
            if (_refs.TryGetValue(s.Key, out var names) && names.Contains(name))
            {
                return true;
            }
        }
        return false;
    }
}
