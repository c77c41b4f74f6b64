using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;
using System.Runtime.CompilerServices;

namespace Outpost.Templating.Nodes;

/// <summary>Literal template text.</summary>
internal sealed class DataStmt(SourceText source, int pos, string text) : Stmt(source, pos)
{
    public string Text { get; } = text;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame) => frame.Ctx.Out.Append(Text);
}

/// <summary>{{ expr }}: prints str(value).</summary>
internal sealed class OutputStmt(SourceText source, int pos, Expr expr, bool escape = false) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => [expr];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        try
        {
            var v = expr.Eval(frame);
            var o = frame.Ctx.Out;
            if (escape)
            {
                o.Append(Markup.Escape(v).Value);
                return;
            }
            switch (v)
            {
                case string s: o.Append(s); break;
                case long l: o.Append(l); break;
                default: o.Append(Py.Str(v)); break;
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}

/// <summary>if / elif / else.</summary>
internal sealed class IfStmt(SourceText source, int pos, Expr[] tests, Stmt[][] bodies, Stmt[]? otherwise) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => tests.Cast<Node>().Concat(bodies.SelectMany(b => b)).Concat(otherwise ?? []);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        for (var i = 0; i < tests.Length; i++)
        {
            bool ok;
            try
            {
                ok = Py.Truthy(tests[i].Eval(frame));
            }
            catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
            {
                throw tests[i].Locate(ex);
            }
            if (ok)
            {
                ExecAll(bodies[i], frame);
                return;
            }
        }
        if (otherwise is not null)
        {
            ExecAll(otherwise, frame);
        }
    }
}

/// <summary>{% with a=1 %}: a new scope with some assignments.</summary>
internal sealed class WithStmt(SourceText source, int pos, Target[] targets, Expr[] values, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => values.Cast<Node>().Concat(body);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var inner = new Frame(frame.Ctx, frame);
        try
        {
            for (var i = 0; i < targets.Length; i++)
            {
                targets[i].Assign(inner, values[i].Eval(frame));
            }
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
        ExecAll(body, inner);
    }
}

/// <summary>{% filter f %}...{% endfilter %}.</summary>
internal sealed class FilterBlockStmt(SourceText source, int pos, FilterExpr[] filters, Stmt[] body) : Stmt(source, pos)
{
    public override IEnumerable<Node> Children => filters.Cast<Node>().Concat(body);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Exec(Frame frame)
    {
        var text = Capture(body, frame);
        try
        {
            frame.Ctx.Out.Append(Py.Str(FilterExpr.ApplyChain(filters, frame, text)));
        }
        catch (Exception ex) when (ex is not TemplateException { Line: > 0 })
        {
            throw Locate(ex);
        }
    }
}
