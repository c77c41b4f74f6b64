using System.Runtime.CompilerServices;
using Outpost.Templating.Lexing;
using Outpost.Templating.Runtime;

namespace Outpost.Templating.Nodes;

/// <summary>A statement node; Exec writes output to the frame's render context.</summary>
internal abstract class Stmt : Node
{
    protected Stmt(SourceText source, int pos)
        : base(source, pos)
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public abstract void Exec(Frame frame);

    /// <summary>Names that start out undefined in this statement's own scope (see <see cref="Parsing.RootSymbols"/>).</summary>
    public string[] Pending { get; set; } = [];

    /// <summary>Sets this scope's not-yet-assigned names to undefined in a fresh frame.</summary>
    protected static void DeclarePending(string[] pending, Frame frame)
    {
        foreach (var name in pending)
        {
            frame.Set(name, Undefined.Pending(name, frame.Ctx.Strict, false, null));
        }
    }

    /// <summary>Reports this statement's top-level reads and assignments (see <see cref="Parsing.RootSymbols"/>).</summary>
    public virtual void CollectRootSymbols(Parsing.RootSymbols symbols)
    {
    }

    /// <summary>Expressions and nested statements, for static scans.</summary>
    public virtual IEnumerable<Node> Children => [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExecAll(Stmt[] body, Frame frame)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new TemplateRuntimeException("maximum recursion depth exceeded (template nested too deeply)");
        }
        for (var i = 0; i < body.Length; i++)
        {
            body[i].Exec(frame);
        }
    }

    /// <summary>Runs a body into a fresh buffer and returns the text (set blocks, macros, filter blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Capture(Stmt[] body, Frame frame)
    {
        var ctx = frame.Ctx;
        var saved = ctx.Out;
        var buffer = BuilderPool.Rent();
        ctx.Out = buffer;
        try
        {
            ExecAll(body, frame);
        }
        finally
        {
            ctx.Out = saved;
        }
        return BuilderPool.ToStringAndReturn(buffer);
    }
}
