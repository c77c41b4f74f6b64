namespace Outpost.Templating.Tests.Engine;

/// <summary>Corner cases found by fuzzing the engine against Jinja2. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class EdgeCaseTests
{
    [Theory]
    [InlineData("a{#", "{}", "a")]
    [InlineData("a {#-", "{}", "a")]
    [InlineData("{{ '}}' }} {{ \"{%\" }} a { b } c", "{}", "}} {% a { b } c")]
    [InlineData("  {%- raw %}  {% endraw %}", "{}", "  ")]
    [InlineData("{% raw %}\t{% endraw -%}  x", "{}", "\tx")]
    public void Lexer_corners(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ ('<b>'|safe) + '<i>' }} {{ '<b>%s</b>'|safe % '<x>' }} {{ ('a b'|e).split() }} {{ '<x>'|e|length }}", "{}", "<b>&lt;i&gt; <b>&lt;x&gt;</b> [Markup('a'), Markup('b')] 9")]
    [InlineData("{{ '\U0001f600x'[1] }} {{ '\U0001f600ab'|reverse }} {{ '\u0130'|lower|length }} {{ '\u00df'|upper }} {{ ['\\u2028', '\\xa0', '\\x00'] }}", "{}", "x ba\U0001f600 2 SS ['\\u2028', '\\xa0', '\\x00']")]
    [InlineData("{{ 'Ab c' % [1] }} {{ '{:<06}'.format(1) }} {{ '{:=+6}'.format(1) }} {{ (false % -0.5) }} {{ -0.5|round }}", "{}", "Ab c 100000 +    1 -0.0 -0.0")]
    public void Markup_and_strings(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ [1]|batch(0)|list }} {{ 'abc'|indent(-1) }} {{ x|truncate(5) is undefined }} {{ (1 == 2)|reject|list }} {{ x is callable }} {{ x is sequence }}", "{}", "[[], [1]] abc True [] True True")]
    [InlineData("{{ 'a-b-c-d-e-f'|wordwrap(4) }}|{{ '9-10 11-12 3.5-4.5'|wordwrap(4) }}", "{}", "a-b-\nc-d-\ne-f|9-10\n11-\n12 3\n.5-\n4.5")]
    [InlineData("{{ {'name': 'a fairly long name here', 'items': range(25)|list, 'b': none}|pprint }}", "{}", "{'b': None,\n 'items': [0,\n           1,\n           2,\n           3,\n           4,\n           5,\n           6,\n           7,\n           8,\n           9,\n           10,\n           11,\n           12,\n           13,\n           14,\n           15,\n           16,\n           17,\n           18,\n           19,\n           20,\n           21,\n           22,\n           23,\n           24],\n 'name': 'a fairly long name here'}")]
    public void Filters_on_odd_inputs(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
