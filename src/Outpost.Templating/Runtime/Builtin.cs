using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>A callable implemented in C# (globals, loop.cycle, cycler.next ...).</summary>
internal sealed class Builtin(string name, Func<Frame, CallArgs, object?> body, string? repr = null) : ICallable, IPyObject
{
    public string Name { get; } = name;

    public string TypeName => "function";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Call(Frame frame, CallArgs args) => body(frame, args);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => repr ?? $"<function {Name}>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        value = null;
        return false;
    }
}
