namespace Outpost.Templating.Tests.Engine;

/// <summary>Plain .NET collections and numbers passed as data behave like their Python counterparts.</summary>
public sealed class HostDataTests
{
    [Fact]
    public void Clr_collections_and_numbers_render_like_python_values()
    {
        var data = new Dictionary<string, object?>
        {
            ["i"] = 5,
            ["f"] = 2.5f,
            ["m"] = 1.5m,
            ["names"] = new[] { "b", "a" },
            ["counts"] = new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 },
            ["rows"] = new List<Dictionary<string, object?>> { new() { ["n"] = "r1" } },
            ["flag"] = true,
        };
        var output = new TemplateEnvironment().FromString(
            "{{ i + 1 }} {{ i / 2 }} {{ f * 2 }} {{ m }} {{ names|sort|join(',') }} {{ names }} {{ counts.x + counts['y'] }} {{ counts|dictsort }} {% for r in rows %}{{ r.n }}{% endfor %} {{ flag }}")
            .Render(data);
        Assert.Equal("6 2.5 5.0 1.5 a,b ['b', 'a'] 3 [('x', 1), ('y', 2)] r1 True", output);
    }
}
