using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>{% for target in iter [if cond] [recursive] %}...{% else %}...{% endfor %}.</summary>
internal sealed class ForStmt(SourceText source, int pos, Target target, Expr iter, Expr? condition, Stmt[] body, Stmt[]? otherwise, bool recursive)
    : Stmt(source, pos)
{
    // A body that defines macros or call blocks may capture the iteration frame, so it gets a fresh one each time.
    private readonly bool _reuseFrame = !ContainsClosure(body) && !ContainsClosure(otherwise ?? []);

    private static bool ContainsClosure(IEnumerable<Node> nodes)
    {
        foreach (var n in nodes)
        {
            if (n is MacroStmt or CallBlockStmt)
            {
                return true;
            }
            if (n is Stmt s && ContainsClosure(s.Children))
            {
                return true;
            }
        }
        return false;
    }

    public override IEnumerable<Node> Children
        => new Node?[] { iter, condition }.OfType<Node>().Concat(body).Concat(otherwise ?? []);

    /// <summary>Pending names of the else body, which runs in its own scope.</summary>
    public string[] ElsePending { get; set; } = [];

    public override void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
        symbols.Load(iter);
        symbols.Nested(
            this,
            target.Names.Append("loop"),
            () =>
            {
                symbols.Load(condition);
                symbols.Visit(body);
            },
            p => Pending = p);
        if (otherwise is not null)
        {
            symbols.Nested(otherwise, [], () => symbols.Visit(otherwise), p => ElsePending = p);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        object? seq;
        try
        {
            seq = iter.Eval(frame);
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
        Run(frame, seq, 0);
    }

    /// <summary>Runs the loop over a sequence; recursive loops call back in with depth + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(Frame outer, object? seq, int depth0)
    {
        IReadOnlyList<object?> items;
        try
        {
            items = seq as IReadOnlyList<object?> ?? Py.ToList(seq);
            if (condition is not null)
            {
                var kept = new List<object?>(items.Count);
                foreach (var item in items)
                {
                    var probe = new Frame(outer.Ctx, outer);
                    target.Assign(probe, item);
                    if (Py.Truthy(condition.Eval(probe)))
                    {
                        kept.Add(item);
                    }
                }
                items = kept;
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
        if (items.Count == 0)
        {
            if (otherwise is not null)
            {
                var elseFrame = new Frame(outer.Ctx, outer);
                DeclarePending(ElsePending, elseFrame);
                ExecAll(otherwise, elseFrame);
            }
            return;
        }
        var loop = new LoopContext(items, depth0, recursive ? this : null, outer);
        var count = items.Count;
        Frame? shared = null;
        for (var i = 0; i < count; i++)
        {
            loop.Index0 = i;
            Frame f;
            if (_reuseFrame)
            {
                f = shared ??= new Frame(outer.Ctx, outer);
                f.Reset();
            }
            else
            {
                f = new Frame(outer.Ctx, outer);
            }
            if (Pending.Length > 0)
            {
                DeclarePending(Pending, f);
            }
            try
            {
                target.Assign(f, items[i]);
            }
            catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
            {
                throw Locate(ex);
            }
            f.Set("loop", loop);
            ExecAll(body, f);
        }
    }
}
