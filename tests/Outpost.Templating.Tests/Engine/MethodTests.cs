namespace Outpost.Templating.Tests.Engine;

/// <summary>Python str, list and dict methods called from templates. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class MethodTests
{
    [Theory]
    [InlineData("{{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }} {{ ' x '.strip() }}|{{ 'xxaxx'.strip('x') }} {{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }}", "{}", "Hello World Hello x|a ['a', 'b', '', 'c'] ['a', 'b']")]
    [InlineData("{{ 'a.b.c'.rsplit('.', 1) }} {{ 'x'.zfill(3) }} {{ '-5'.zfill(4) }} {{ 'a\\nb\\r\\nc'.splitlines() }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abcabc'.count('b') }}", "{}", "['a.b', 'c'] 00x -005 ['a', 'b', 'c'] True 2")]
    [InlineData("{{ 'abc'.find('c') }} {{ 'abc'.find('z') }} {{ 'x'.center(6, '*') }} {{ 'x'.ljust(3, '-') }}|{{ 'x'.rjust(3) }} {{ 'Hello'.replace('l', 'L', 1) }} {{ '-'.join(['a', 'b']) }}", "{}", "2 -1 **x*** x--|  x HeLlo a-b")]
    [InlineData("{{ 'stra\u00dfe'.upper() }} {{ 'ABC'.lower() }} {{ 'abc'.partition('b') }} {{ '{0}-{1}'.format('a', 'b') }} {{ 'a1'.isalnum() }} {{ '12'.isdigit() }}", "{}", "STRASSE abc ('a', 'b', 'c') a-b True True")]
    public void String_methods(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{% set l = [3, 1, 2] %}{{ l.sort() }}{{ l }} {{ l.pop() }} {{ l.index(1) }} {{ l.count(1) }} {{ l.insert(0, 9) }}{{ l }} {{ l.append(7) }}{{ l }}", "{}", "None[1, 2, 3] 3 0 1 None[9, 1, 2] None[9, 1, 2, 7]")]
    [InlineData("{% set a = {'k': [1]} %}{{ a.k.append(2) or a }} {{ a.update({'z': 1}) }}{{ a }} {{ a.pop('z') }} {{ a }} {{ a.setdefault('n', 0) }} {{ a|length }}", "{}", "{'k': [1, 2]} None{'k': [1, 2], 'z': 1} 1 {'k': [1, 2]} 0 2")]
    public void List_and_dict_methods(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
