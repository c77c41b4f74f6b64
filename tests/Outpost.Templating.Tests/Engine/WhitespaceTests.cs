namespace Outpost.Templating.Tests.Engine;

/// <summary>Whitespace control: '-' and '+' modifiers, trim_blocks, lstrip_blocks, trailing newline. Expected values from Jinja2 3.1.6.</summary>
public sealed class WhitespaceTests
{
    [Theory]
    [InlineData("<ul>\n{% for i in [1,2] %}\n  <li>{{ i }}</li>\n{% endfor %}\n</ul>\n", false, false, false, "<ul>\n\n  <li>1</li>\n\n  <li>2</li>\n\n</ul>")]
    [InlineData("<ul>\n{% for i in [1,2] %}\n  <li>{{ i }}</li>\n{% endfor %}\n</ul>\n", true, false, false, "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>")]
    [InlineData("<ul>\n  {% for i in [1,2] -%}\n  <li>{{ i }}</li>\n  {%- endfor %}\n</ul>", false, true, false, "<ul>\n<li>1</li><li>2</li>\n</ul>")]
    [InlineData("  {% if true %}\n    yes\n  {% endif %}\n", true, true, false, "    yes\n")]
    [InlineData("a  {%+ if 1 %}x{% endif +%}\n  b", true, true, false, "a  x\n  b")]
    [InlineData("a\n  {# comment #}\nb", true, true, false, "a\nb")]
    [InlineData("  {{ x }}  {% if true %}y{% endif %}", false, true, false, "    y")]
    [InlineData("{% raw -%}   a {{ b }}   {%- endraw %}", false, false, false, "a {{ b }}")]
    [InlineData("text\n", false, false, false, "text")]
    [InlineData("text\n", false, false, true, "text\n")]
    [InlineData("text\n\n", false, false, false, "text\n")]
    [InlineData("{%- if true -%}\n  x\n{%- endif -%}\n", false, false, false, "x")]
    [InlineData("{{- 'a' -}}   {{ 'b' }} {{ 5 -}} !", false, false, false, "ab 5!")]
    [InlineData("a\r\n{% if true %}\r\nb\r\n{% endif %}\r\nc", true, false, false, "a\nb\nc")]
    public void Matches_jinja_whitespace_handling(string template, bool trimBlocks, bool lstripBlocks, bool keepTrailingNewline, string expected)
    {
        var options = new TemplateOptions { TrimBlocks = trimBlocks, LstripBlocks = lstripBlocks, KeepTrailingNewline = keepTrailingNewline };
        Assert.Equal(expected, Engine.Render(template, options: options));
    }
}
