namespace Outpost.Templating.Tests.Engine;

/// <summary>Builtin filters. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class FilterTests
{
    [Theory]
    [InlineData("{{ 'hello world'|title }} {{ 'hELLO'|capitalize }} {{ ' x '|trim }}|{{ 'abc'|upper }} {{ 'AbC'|lower }} {{ 'hello WORLD-foo (bar)'|title }}", "{}", "Hello World Hello x|ABC abc Hello World-Foo (Bar)")]
    [InlineData("{{ 'abc'|center(9) }}|{{ 'hello world foo bar'|truncate(9) }}|{{ 'hello world foo bar baz qux'|truncate(15, true) }}|{{ 'a b c'|wordcount }}", "{}", "   abc   |hello...|hello world ...|3")]
    [InlineData("{{ 'hello'|replace('l', 'L') }} {{ 'aaa'|replace('a', 'b', 2) }} {{ 'abc'|reverse }} {{ 'x'|string }} {{ 42|string }}", "{}", "heLLo bba cba x 42")]
    [InlineData("{{ '  x'|indent(2, true) }}|{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}", "{}", "    x|a\n    b\n\n    c|a\n  \n  b")]
    [InlineData("{{ 'The quick brown fox jumps over the lazy dog'|wordwrap(10) }}", "{}", "The quick\nbrown fox\njumps over\nthe lazy\ndog")]
    [InlineData("{{ '<p>hi  <b>there</b> &amp; you</p>'|striptags }}|{{ '%s and %s'|format('a', 'b') }}|{{ '%(x)s'|format(x=1) }}", "{}", "hi there & you|a and b|1")]
    public void String_filters(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ \"<a href='x'>&</a>\"|e }} {{ '<b>'|safe }} {{ 'x'|escape|escape }} {{ '<b>'|forceescape }} {{ '<x>'|e ~ '<y>' }}", "{}", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt; <b> x &lt;b&gt; &lt;x&gt;<y>")]
    [InlineData("{{ {'a': none, 'b': true, 'c': '<x>'}|xmlattr }}|{{ {'a': [1, 2], 'b': 'x<y'}|tojson }} {{ '\u00e9'|tojson }} {{ {'b': 1, 'a': [1, 2]}|tojson(2) }}", "{}", " b=\"True\" c=\"&lt;x&gt;\"|{\"a\": [1, 2], \"b\": \"x\\u003cy\"} \"\\u00e9\" {\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}")]
    [InlineData("{{ '/path with space?q=\u00fc'|urlencode }}|{{ {'a': 'b c', 'd': '\u00e9'}|urlencode }}|{{ 'go to www.example.com now or mail a@b.org.'|urlize }}", "{}", "/path%20with%20space%3Fq%3D%C3%BC|a=b+c&d=%C3%A9|go to <a href=\"https://www.example.com\" rel=\"noopener\">www.example.com</a> now or mail <a href=\"mailto:a@b.org\">a@b.org</a>.")]
    public void Escaping_filters(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ 3.7|int }} {{ '42'|int }} {{ '4.5'|int }} {{ 'x'|int(7) }} {{ '0x1A'|int(base=16) }} {{ none|int }} {{ '3.5'|float }} {{ 'x'|float }}", "{}", "3 42 4 7 26 0 3.5 0.0")]
    [InlineData("{{ 2.5|round }} {{ 3.5|round }} {{ 3.14159|round(2) }} {{ 2.675|round(2) }} {{ 3.2|round(method='ceil') }} {{ 3.8|round(method='floor') }} {{ 10|round }}", "{}", "2.0 4.0 3.14 2.67 4.0 3.0 10")]
    [InlineData("{{ 1000|filesizeformat }} {{ 123456789|filesizeformat }} {{ 1024|filesizeformat(true) }} {{ 1|filesizeformat }} {{ -3|abs }} {{ [1, 2, 3]|sum(start=10) }}", "{}", "1.0 kB 123.5 MB 1.0 KiB 1 Byte 3 16")]
    public void Number_filters(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ [3, 1, 2]|sort }} {{ [3, 1, 2]|sort(reverse=true) }} {{ ['b', 'A', 'a']|sort }} {{ [1, 2, 3]|first }} {{ [1, 2, 3]|last }} {{ [1, 2, 3]|length }}", "{}", "[1, 2, 3] [3, 2, 1] ['A', 'a', 'b'] 1 3 3")]
    [InlineData("{{ {'b': 1, 'a': 2}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }} {{ [1, 2, 3, 4, 5]|batch(2)|list }} {{ [1, 2, 3, 4, 5]|slice(2)|list }} {{ [1, 2, 3]|batch(2, 0)|list }}", "{}", "[('a', 2), ('b', 1)] [('b', 1), ('a', 2)] [[1, 2], [3, 4], [5]] [[1, 2, 3], [4, 5]] [[1, 2], [3, 0]]")]
    [InlineData("{{ [1, 2, 3]|max }} {{ ['b', 'a']|min }} {{ [1, 1, 2]|unique|list }} {{ ['a', 'A']|unique|list }} {{ [1, 2, 3]|reverse|list }} {{ [1, none, 0, 2]|select|list }} {{ []|first }}|", "{}", "3 a [1, 2] ['a'] [3, 2, 1] [1, 2] |")]
    [InlineData("{{ users|map(attribute='name')|join(', ') }} {{ users|selectattr('active')|map(attribute='name')|list }} {{ users|rejectattr('active')|map(attribute='name')|list }}", "{\"users\": [{\"name\": \"b\", \"age\": 2, \"active\": true, \"city\": \"X\"}, {\"name\": \"a\", \"age\": 2, \"active\": false, \"city\": \"Y\"}, {\"name\": \"c\", \"age\": 1, \"active\": true, \"city\": \"x\"}]}", "b, a, c ['b', 'c'] ['a']")]
    [InlineData("{{ users|sort(attribute='age,name')|map(attribute='name')|join }} {{ users|max(attribute='age')|attr('name') }} {{ users|sum(attribute='age') }}", "{\"users\": [{\"name\": \"b\", \"age\": 2, \"active\": true, \"city\": \"X\"}, {\"name\": \"a\", \"age\": 2, \"active\": false, \"city\": \"Y\"}, {\"name\": \"c\", \"age\": 1, \"active\": true, \"city\": \"x\"}]}", "cab  5")]
    [InlineData("{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }};{% endfor %}", "{\"users\": [{\"name\": \"b\", \"age\": 2, \"active\": true, \"city\": \"X\"}, {\"name\": \"a\", \"age\": 2, \"active\": false, \"city\": \"Y\"}, {\"name\": \"c\", \"age\": 1, \"active\": true, \"city\": \"x\"}]}", "X:b,c;Y:a;")]
    [InlineData("{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3, 4]|reject('divisibleby', 2)|list }} {{ [1, 5, 10]|select('>', 3)|list }} {{ ['a', 'b']|map('upper')|list }}", "{}", "[1, 3] [1, 3] [5, 10] ['A', 'B']")]
    [InlineData("{{ 'abc'|list }} {{ (1, 2)|list }} {{ {'a': 1}|list }} {{ {'a': 1}|items|list }} {{ [1, 2, 3]|join('-') }} {{ {'b': [1, {'c': 2}], 'a': 'x'}|pprint }}", "{}", "['a', 'b', 'c'] [1, 2] ['a'] [('a', 1)] 1-2-3 {'a': 'x', 'b': [1, {'c': 2}]}")]
    public void Sequence_filters(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ x|default('d') }} {{ ''|default('e', true) }} {{ none|default('n') }} {{ 0|d('z', boolean=true) }} {{ 'v'|default('w') }}", "{}", "d e None z v")]
    public void Default_filter(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
