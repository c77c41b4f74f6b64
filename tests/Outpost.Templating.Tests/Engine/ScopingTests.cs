namespace Outpost.Templating.Tests.Engine;

/// <summary>Jinja's scoping rules: loop iterations, set blocks, and names assigned later at the top level. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class ScopingTests
{
    [Theory]
    [InlineData("{% if false %}{% set title = 'X' %}{% endif %}[{{ title }}]", "{\"title\": \"D\"}", "[D]")]
    [InlineData("[{{ title }}]{% set title = 'X' %}[{{ title }}]", "{\"title\": \"D\"}", "[D][X]")]
    [InlineData("{% for i in [1] %}[{{ t }}]{% endfor %}{% set t = 1 %}", "{\"t\": \"D\"}", "[]")]
    [InlineData("{% macro m() %}[{{ t }}]{% endmacro %}{{ m() }}{% set t = 1 %}{{ m() }}", "{\"t\": \"D\"}", "[][1]")]
    [InlineData("{% for i in [1] %}{% if false %}{% set t = 2 %}{% endif %}[{{ t }}]{% endfor %}", "{\"t\": \"D\"}", "[D]")]
    [InlineData("{% set t = t ~ 'x' %}{{ t }} {% for i in [1, 2] %}{{ u }}{% set u = i %}{% endfor %}", "{\"t\": \"D\", \"u\": \"U\"}", "Dx UU")]
    [InlineData("{% block b %}{% if false %}{% set t = 2 %}{% endif %}[{{ t }}]{% endblock %}{% set t = 3 %}", "{\"t\": \"D\"}", "[D]")]
    [InlineData("{% set i %}{% set x = 1 %}{% endset %}[{{ x }}] {% filter upper %}{% set y = 1 %}{% endfilter %}[{{ y }}]", "{}", "[] []")]
    [InlineData("{% set x = 5 %}{% set i %}{{ x }}{% set x = 1 %}{{ x }}{% endset %}[{{ i }}{{ x }}]", "{}", "[515]")]
    [InlineData("{% macro m() %}{% set x = 1 %}{% endmacro %}{{ m() }}[{{ x }}] {% with %}{% set w = 1 %}{% endwith %}[{{ w }}]", "{}", "[] []")]
    public void Scopes_match_jinja(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
