namespace Outpost.Templating.Tests.Engine;

/// <summary>Builtin tests (the 'is' operator). Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class TestTests
{
    [Theory]
    [InlineData("{{ x is defined }} {{ x is undefined }} {{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(2) }} {{ none is none }}", "{}", "False True True True True False True")]
    [InlineData("{{ 1 is eq 1 }} {{ 2 is gt 1 }} {{ 1 is ge 1 }} {{ 1 is lt 0 }} {{ 1 is le 1 }} {{ 1 is ne 2 }} {{ 1 is in [1] }} {{ 1 is sameas 1 }} {{ [] is sameas [] }}", "{}", "True True True False True True True True False")]
    [InlineData("{{ 'x' is lower }} {{ 'X' is upper }} {{ {} is mapping }} {{ [] is sequence }} {{ 1 is iterable }} {{ 'x' is iterable }} {{ 1.0 is float }} {{ 1 is integer }} {{ true is integer }}", "{}", "True True True True False True True True False")]
    [InlineData("{{ true is boolean }} {{ 1 is number }} {{ 'a' is string }} {{ 'upper' is filter }} {{ 'odd' is test }} {{ range is callable }} {{ 'x' is escaped }} {{ 'x'|e is escaped }} {{ 3 is not even }}", "{}", "True True True True True True False True True")]
    [InlineData("{{ true is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }}", "{}", "True False True False")]
    public void Builtin_tests(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
