using System.Runtime.CompilerServices;
using Outpost.Templating.Nodes;

namespace Outpost.Templating.Runtime;

/// <summary>The 'loop' variable inside a for loop (jinja2.runtime.LoopContext).</summary>
internal sealed class LoopContext : IPyObject, ICallable
{
    private readonly IReadOnlyList<object?> _items;
    private readonly ForStmt? _recursiveLoop;
    private readonly Frame _outer;
    private object? _lastChanged = Sentinel;

    private static readonly object Sentinel = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LoopContext(IReadOnlyList<object?> items, int depth0, ForStmt? recursiveLoop, Frame outer)
    {
        _items = items;
        Depth0 = depth0;
        _recursiveLoop = recursiveLoop;
        _outer = outer;
    }

    public int Index0 { get; set; }

    public int Depth0 { get; }

    public string TypeName => "LoopContext";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"<LoopContext {Index0 + 1}/{_items.Count}>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        var n = _items.Count;
        value = name switch
        {
            "index" => Boxes.Long(Index0 + 1),
            "index0" => Boxes.Long(Index0),
            "revindex" => Boxes.Long(n - Index0),
            "revindex0" => Boxes.Long(n - Index0 - 1),
            "first" => Boxes.Bool(Index0 == 0),
            "last" => Boxes.Bool(Index0 == n - 1),
            "length" => Boxes.Long(n),
            "depth" => Boxes.Long(Depth0 + 1),
            "depth0" => Boxes.Long(Depth0),
            "previtem" => Index0 > 0 ? _items[Index0 - 1] : Undefined.WithHint("there is no previous item", _outer.Ctx.Strict),
            "nextitem" => Index0 + 1 < n ? _items[Index0 + 1] : Undefined.WithHint("there is no next item", _outer.Ctx.Strict),
            "cycle" => new Builtin("cycle", (_, args) =>
            {
                if (args.Positional.Length == 0)
                {
                    throw new TemplateRuntimeException("no items for cycling given");
                }
                return args.Positional[Index0 % args.Positional.Length];
            }),
            "changed" => new Builtin("changed", (_, args) =>
            {
                var current = new PyTuple(args.Positional);
                if (_lastChanged == Sentinel || !Py.Equals(_lastChanged, current))
                {
                    _lastChanged = current;
                    return true;
                }
                return false;
            }),
            _ => Sentinel,
        };
        if (ReferenceEquals(value, Sentinel))
        {
            value = null;
            return false;
        }
        return true;
    }

    /// <summary>loop(children) in a recursive loop renders the body again one level deeper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Call(Frame frame, CallArgs args)
    {
        if (_recursiveLoop is null)
        {
            throw new TemplateRuntimeException("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
        }
        if (args.Positional.Length != 1 || args.Named is { Count: > 0 })
        {
            throw new TemplateRuntimeException("loop() takes exactly one argument");
        }
        var ctx = _outer.Ctx;
        var saved = ctx.Out;
        var buffer = new System.Text.StringBuilder();
        ctx.Out = buffer;
        RenderContext.Enter(ctx);
        try
        {
            _recursiveLoop.Run(_outer, args.Positional[0], Depth0 + 1);
        }
        finally
        {
            RenderContext.Leave();
            ctx.Out = saved;
        }
        return buffer.ToString();
    }
}
