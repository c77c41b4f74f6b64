using Outpost.Templating.Runtime;

namespace Outpost.Templating.Tests;

/// <summary>A builtin test: value and arguments in, true or false out.</summary>
internal delegate bool TestFunc(Frame frame, object? value, CallArgs args);
