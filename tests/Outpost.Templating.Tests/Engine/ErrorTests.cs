namespace Outpost.Templating.Tests.Engine;

/// <summary>Syntax and runtime errors: Jinja2 fails on each of these, and so must the engine, with a location.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("{% for %}")]
    [InlineData("{{ foo( }}")]
    [InlineData("{% if x %}unclosed")]
    [InlineData("{% endif %}")]
    [InlineData("{% for x in y %}{% endif %}")]
    [InlineData("{{ }}")]
    [InlineData("{{ 1 + }}")]
    [InlineData("{{ \"unterminated }}")]
    [InlineData("{% set %}")]
    [InlineData("{{ a.b. }}")]
    [InlineData("{{ [1, 2 }}")]
    [InlineData("{% block a-b %}{% endblock %}")]
    [InlineData("{{ x | }}")]
    [InlineData("{{ x|nosuchfilter }}")]
    [InlineData("{{ 1 is nosuchtest }}")]
    [InlineData("{% break %}")]
    [InlineData("{% macro m(a=1, b) %}{% endmacro %}")]
    public void Invalid_templates_raise_syntax_errors(string template)
        => Engine.Fails<TemplateSyntaxException>(template);

    [Theory]
    [InlineData("{{ 1 + 'a' }}")]
    [InlineData("{{ 1 / 0 }}")]
    [InlineData("{{ x.y }}")]
    [InlineData("{{ missing + 1 }}")]
    [InlineData("{% for a, b in [1, 2] %}{% endfor %}")]
    [InlineData("{% for x in 5 %}{% endfor %}")]
    [InlineData("{% set d = {} %}{% set d.x = 1 %}")]
    [InlineData("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}")]
    [InlineData("{% macro m(a) %}{% endmacro %}{{ m(b=2) }}")]
    [InlineData("{% macro m(x) %}{{ x }}{% endmacro %}{% call m(1) %}body{% endcall %}")]
    [InlineData("{{ [1, 'a']|sort }}")]
    [InlineData("{{ x|int }}")]
    [InlineData("{{ 'abc'.index('z') }}")]
    [InlineData("{{ '{0} {1}'.format('a') }}")]
    [InlineData("{{ 1 < 'a' }}")]
    public void Bad_operations_raise_at_render_time(string template)
        => Engine.Fails<TemplateRuntimeException>(template);

    [Fact]
    public void Errors_name_template_line_column_and_source_line()
    {
        var env = new TemplateEnvironment();
        var template = env.FromString("line one\n{{ 1 + 'a' }}", "page.j2");
        var error = Assert.ThrowsAny<TemplateRuntimeException>(() => template.Render(new Dictionary<string, object?>()));
        Assert.Equal("page.j2", error.TemplateName);
        Assert.Equal(2, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Equal("{{ 1 + 'a' }}", error.SourceLine);
        Assert.Contains("page.j2", error.Message, StringComparison.Ordinal);
        Assert.Contains("{{ 1 + 'a' }}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_point_at_the_offending_token()
    {
        var error = Assert.ThrowsAny<TemplateSyntaxException>(() => new TemplateEnvironment().FromString("ok\nok {% if %}", "t"));
        Assert.Equal(2, error.Line);
        Assert.Equal("ok {% if %}", error.SourceLine);
    }

    [Fact]
    public void Undefined_prints_empty_but_strict_undefined_raises()
    {
        Assert.Equal("||0|True", Engine.Render("{{ missing }}|{{ missing|upper }}|{{ missing|length }}|{{ missing is undefined }}"));
        var strict = new TemplateOptions { StrictUndefined = true };
        Assert.Equal("d|False", Engine.Render("{{ missing|default('d') }}|{{ missing is defined }}", options: strict));
        Engine.Fails<UndefinedException>("{{ missing }}", options: strict);
        Engine.Fails<UndefinedException>("{% if missing %}{% endif %}", options: strict);
        Engine.Fails<UndefinedException>("{{ missing == none }}", options: strict);
        Engine.Fails<UndefinedException>("{% for x in missing %}{% endfor %}", options: strict);
    }

    [Fact]
    public void Unknown_filters_inside_if_only_fail_when_reached()
    {
        Assert.Equal("ok", Engine.Render("{% if false %}{{ x|nosuch }}{% endif %}ok"));
        Engine.Fails<TemplateRuntimeException>("{% if true %}{{ x|nosuch }}{% endif %}");
    }
}
