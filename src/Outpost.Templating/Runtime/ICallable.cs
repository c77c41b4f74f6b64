namespace Outpost.Templating.Runtime;

/// <summary>Anything a template can call: macros, caller, loop, bound methods, globals.</summary>
internal interface ICallable
{
    object? Call(Frame frame, CallArgs args);
}
