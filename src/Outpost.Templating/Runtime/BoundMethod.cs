using System.Runtime.CompilerServices;

namespace Outpost.Templating.Runtime;

/// <summary>A str/list/dict method fetched as an attribute, callable later.</summary>
internal sealed class BoundMethod : ICallable, IPyObject
{
    public BoundMethod(object target, string name)
    {
        Target = target;
        Name = name;
    }

    public object Target { get; }

    public string Name { get; }

    public string TypeName => "builtin_function_or_method";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Call(Frame frame, CallArgs args) => Methods.Invoke(Target, Name, args);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Repr() => $"<built-in method {Name} of {Py.TypeName(Target)} object>";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetAttr(string name, out object? value)
    {
        value = null;
        return false;
    }
}
