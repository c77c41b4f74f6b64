namespace Outpost.Templating.Tests.Engine;

/// <summary>Control structures, assignments and scoping. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class StatementTests
{
    [Theory]
    [InlineData("{% for i in range(3) %}{{ loop.index }}{{ loop.first }}{{ loop.last }}{{ loop.revindex }},{% endfor %}", "{}", "1TrueFalse3,2FalseFalse2,3FalseTrue1,")]
    [InlineData("{% for x in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{{ loop.previtem }}{{ loop.nextitem }}|{% endfor %}", "{}", "a2|b13|a2|")]
    [InlineData("{% for x in [1, 2, 3, 4] if x is even %}{{ x }}{{ loop.length }}{% endfor %}|{% for i in [] %}x{% else %}empty{% endfor %}", "{}", "2242|empty")]
    [InlineData("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }} {% endfor %}{% for (a, b), c in [((1, 2), 3)] %}{{ a }}{{ b }}{{ c }}{% endfor %}", "{}", "a=1 b=2 123")]
    [InlineData("{% for i in range(4) %}{{ loop.changed(i // 2) }}{% endfor %} {% for row in [[1, 2], [3]] %}{% for x in row %}{{ loop.depth }}/{{ loop.index }}:{{ x }} {% endfor %}{% endfor %}", "{}", "TrueFalseTrueFalse 1/1:1 1/2:2 1/1:3 ")]
    [InlineData("{%- for item in tree recursive %}[{{ item.n }}{{ loop.depth }}{% if item.c %}{{ loop(item.c) }}{% endif %}]{%- endfor %}", "{\"tree\": [{\"n\": 1, \"c\": [{\"n\": 2, \"c\": []}]}, {\"n\": 3}]}", "[11[22]][31]")]
    public void For_loops(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{% for i in range(3) %}{% if i == 1 %}{% set x = 5 %}{% endif %}[{{ x }}]{% endfor %}", "{}", "[][5][]")]
    [InlineData("{% set x = 1 %}{% for i in range(3) %}[{{ x }}]{% set x = i %}{% endfor %}{{ x }}", "{}", "[1][1][1]1")]
    [InlineData("{% set ns = namespace(c=0) %}{% for i in range(5) %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}", "{}", "10")]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }} {% set y %}block {{ 1 }}{% endset %}{{ y }} {% set z | upper %}abc{% endset %}{{ z }}", "{}", "12 block 1 ABC")]
    [InlineData("{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}] {% set x = 'outer' %}{% with %}{% set x = 'inner' %}{{ x }}{% endwith %}{{ x }}", "{}", "3[] innerouter")]
    [InlineData("{% if true %}{% set v = 'set-in-if' %}{% endif %}{{ v }} {% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}", "{}", "set-in-if b")]
    [InlineData("{% filter upper|replace('A', '4') %}abc{% endfilter %} {% set j = joiner('|') %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}", "{}", "4BC 1|2|3")]
    [InlineData("{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }} {{ dict(a=1, b=2) }} {{ range(5, 0, -2)|list }}", "{}", "abab {'a': 1, 'b': 2} [5, 3, 1]")]
    [InlineData("{% raw %}{{ not processed }}{% endraw %} {# comment #}a {#- c -#} b", "{}", "{{ not processed }} ab")]
    public void Assignment_and_scoping(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{% macro m(a, b=2) %}{{ a }}-{{ b }}-{{ varargs }}-{{ kwargs }}{% endmacro %}{{ m(1) }} {{ m(1, 3, 4, z=5) }}", "{}", "1-2-()-{} 1-3-(4,)-{'z': 5}")]
    [InlineData("{% macro m() %}{{ x }}{% endmacro %}{% set x = 3 %}{{ m() }} {% macro d(a, b=a) %}{{ a }}{{ b }}{% endmacro %}{{ d(1) }} {{ d(b=2, a=3) }}", "{}", "3 11 32")]
    [InlineData("{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}", "{}", "<inner>")]
    [InlineData("{% macro list(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) list([1, 2]) %}[{{ x * 2 }}]{% endcall %}", "{}", "[2][4]")]
    [InlineData("{% macro rec(n) %}{% if n > 0 %}{{ n }}{{ rec(n - 1) }}{% endif %}{% endmacro %}{{ rec(5) }} {% macro m(a, b) %}{{ kwargs }}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m.catch_kwargs }}", "{}", "54321 m ('a', 'b') True")]
    [InlineData("{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }} {{ m }}", "{}", "[] <Macro 'm'>")]
    public void Macros_and_call_blocks(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
