using Outpost.Templating.Runtime;

namespace Outpost.Templating.Filters;

/// <summary>A builtin filter: value and arguments in, new value out.</summary>
internal delegate object? FilterFunc(Frame frame, object? value, CallArgs args);
