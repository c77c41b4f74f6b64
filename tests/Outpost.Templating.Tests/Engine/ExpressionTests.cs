namespace Outpost.Templating.Tests.Engine;

/// <summary>Python semantics of operators, literals and printing. Expected values were produced by Python Jinja2 3.1.6.</summary>
public sealed class ExpressionTests
{
    [Theory]
    [InlineData("{{ 1 + 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % -3 }} {{ -7 % 3 }} {{ 2 ** 10 }}", "{}", "3 3 -4 -2 2 1024")]
    [InlineData("{{ 1 / 3 }} {{ 10 / 2 }} {{ 2 ** -1 }} {{ 10.5 // 3 }} {{ -10.5 % 3 }} {{ 3 * 1.5 }}", "{}", "0.3333333333333333 5.0 0.5 3.0 1.5 4.5")]
    [InlineData("{{ 2 ** 64 }} {{ 9223372036854775807 + 1 }} {{ -9223372036854775808 - 1 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }}", "{}", "18446744073709551616 9223372036854775808 -9223372036854775809 64 4")]
    [InlineData("{{ true + 1 }} {{ 5 // 2.0 }} {{ 2 ** 0.5 }} {{ 1_000 + 0x10 + 0o7 + 0b11 }}", "{}", "2 2.0 1.4142135623730951 1026")]
    public void Integer_and_float_arithmetic(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ 1.0 }} {{ 1e20 }} {{ 1.5e-7 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1.5e16 }} {{ 123456789.123 }} {{ 0.0001 }} {{ 0.00001 }}", "{}", "1.0 1e+20 1.5e-07 0.30000000000000004 1e+16 1.5e+16 123456789.123 0.0001 1e-05")]
    [InlineData("{{ 1e300 * 1e10 }} {{ -1e300 * 1e10 }} {{ 1 / 7 }} {{ 1e22 }} {{ 5e-324 }} {{ -0.0 }}", "{}", "inf -inf 0.14285714285714285 1e+22 5e-324 -0.0")]
    public void Floats_print_like_python_repr(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ [1, 'a', none, (1,), {'a': 1.0}, true] }} {{ () }} {{ (1, 2) }} {{ 1, 2 }}", "{}", "[1, 'a', None, (1,), {'a': 1.0}, True] () (1, 2) (1, 2)")]
    [InlineData("{{ [\"it's\", 'say \"hi\"', \"both ' \\\"\", 'tab\\there'] }}", "{}", "[\"it's\", 'say \"hi\"', 'both \\' \"', 'tab\\there']")]
    [InlineData("{{ {1: 'x', 'b': [2]} }} {{ {true: 1} }} {{ d.keys() }}|{{ d.values() }}|{{ d.items() }}", "{\"d\": {\"a\": 1}}", "{1: 'x', 'b': [2]} {True: 1} dict_keys(['a'])|dict_values([1])|dict_items([('a', 1)])")]
    public void Containers_print_with_repr(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ 1 == 1.0 }} {{ 1 != '1' }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}", "{}", "True True True True True False")]
    [InlineData("{{ not 1 }} {{ 1 and 2 }} {{ 0 or 'x' }} {{ none or [] }} {{ '' and 1 }} {{ 1 in [1, 2] }} {{ 3 not in [1] }} {{ 'b' in 'abc' }}", "{}", "False 2 x []  True True True")]
    [InlineData("{{ 1 if false else 2 }} {{ 'y' if 1 }}[{{ 'y' if 0 }}] {{ 1 if 0 else 2 if 0 else 3 }}", "{}", "2 y[] 3")]
    public void Comparisons_and_logic(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ 'a' ~ 1 ~ none }} {{ 'abc' * 2 }} {{ [1] * 3 }} {{ 'a' 'b' \"c\" }}", "{}", "a1None abcabc [1, 1, 1] abc")]
    [InlineData("{{ '%s-%05.2f-%d' % ('a', 3.14159, 42) }} {{ '%(a)s' % {'a': 1} }} {{ '%x %X %o %c %r' % (255, 255, 8, 65, 'q') }} {{ '%.3e' % 12345.678 }}", "{}", "a-03.14-42 1 ff FF 10 A 'q' 1.235e+04")]
    [InlineData("{{ '{} {:>5}|{:<4}|{:^7}|{:08.3f}|{:,}'.format(1, 'x', 'y', 'z', 3.14159, 1234567) }}", "{}", "1     x|y   |   z   |0003.142|1,234,567")]
    [InlineData("{{ 'hello'[1:3] }} {{ [1, 2, 3, 4][::-1] }} {{ 'abc'[-1] }} {{ [1, 2, 3][5] }}|{{ 'hello'[::2] }} {{ (1, 2, 3)[1:] }}", "{}", "el [4, 3, 2, 1] c |hlo (2, 3)")]
    public void Strings_concatenate_format_and_slice(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));

    [Theory]
    [InlineData("{{ d.a }} {{ d['b'] }} {{ d.missing }}|{{ l.0 }} {{ l[-1] }} {{ d.get('c', 3) }}", "{\"d\": {\"a\": 1, \"b\": 2}, \"l\": [\"x\", \"y\"]}", "1 2 |x y 3")]
    [InlineData("{{ d.items is callable }}|{{ d['items'] }}", "{\"d\": {\"items\": 5}}", "True|5")]
    public void Attribute_and_item_lookup(string template, string json, string expected)
        => Assert.Equal(expected, Engine.Render(template, json));
}
