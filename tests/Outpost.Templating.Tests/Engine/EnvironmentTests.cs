using System.Numerics;

namespace Outpost.Templating.Tests.Engine;

/// <summary>Template caching, thread safety, TextWriter output, and the JSON/YAML value model.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public void GetTemplate_compiles_once_and_caches()
    {
        var env = new TemplateEnvironment(loader: new DictionaryTemplateLoader(new Dictionary<string, string> { ["a"] = "A{{ x }}" }));
        Assert.Same(env.GetTemplate("a"), env.GetTemplate("a"));
        Assert.Equal("a", env.GetTemplate("a").Name);
        Assert.Throws<TemplateNotFoundException>(() => env.GetTemplate("b"));
    }

    [Fact]
    public void Renders_concurrently_with_shared_imports()
    {
        var files = new Dictionary<string, string>
        {
            ["m"] = "{% macro row(k, v) %}{{ k }}={{ v }}{% endmacro %}",
            ["page"] = "{% import 'm' as m %}{% for k, v in d|dictsort %}{{ m.row(k, v) }};{% endfor %}",
        };
        var env = new TemplateEnvironment(loader: new DictionaryTemplateLoader(files));
        var template = env.GetTemplate("page");
        Parallel.For(0, 200, i =>
        {
            var data = new Dictionary<string, object?> { ["d"] = new Dictionary<string, object?> { ["b"] = (long)i, ["a"] = "x" } };
            Assert.Equal($"a=x;b={i};", template.Render(data));
        });
    }

    [Fact]
    public void Render_to_a_text_writer()
    {
        using var writer = new StringWriter();
        new TemplateEnvironment().FromString("{{ a }}-{{ b }}").Render(new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2.5 }, writer);
        Assert.Equal("1-2.5", writer.ToString());
    }

    [Fact]
    public void Json_maps_to_python_like_values()
    {
        var data = TemplateData.FromJson("{\"i\": 1, \"big\": 123456789012345678901234567890, \"f\": 1.0, \"e\": 1e5, \"s\": \"x\", \"n\": null, \"t\": true, \"l\": [1, \"a\"], \"o\": {\"z\": 1, \"a\": 2}}");
        Assert.Equal(1L, data["i"]);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), data["big"]);
        Assert.Equal(1.0, data["f"]);
        Assert.Null(data["n"]);
        Assert.IsType<List<object?>>(data["l"]);
        Assert.Equal(["z", "a"], ((Dictionary<string, object?>)data["o"]!).Keys);
        Assert.Equal("1 123456789012345678901234567890 1.0 100000.0 x None True [1, 'a'] {'z': 1, 'a': 2}",
            new TemplateEnvironment().FromString("{{ i }} {{ big }} {{ f }} {{ e }} {{ s }} {{ n }} {{ t }} {{ l }} {{ o }}").Render(data));
    }

    [Fact]
    public void Yaml_scalars_resolve_like_pyyaml_safe_load()
    {
        var data = TemplateData.FromYaml("""
            a: yes
            b: off
            c: ~
            d: 010
            e: 0x1F
            f: 1.5
            g: 1e3
            h: "quoted 1"
            i: 2024-01-01
            j: [1, two, 3.0]
            k: {x: 1}
            l: .inf
            m: 1_000
            base: &b {p: 1}
            derived:
              <<: *b
              q: 2
            """);
        var output = new TemplateEnvironment().FromString("{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }} {{ g }} {{ h }} {{ i }} {{ j }} {{ k }} {{ l }} {{ m }} {{ derived }}").Render(data);
        Assert.Equal("True False None 8 31 1.5 1e3 quoted 1 2024-01-01 [1, 'two', 3.0] {'x': 1} inf 1000 {'p': 1, 'q': 2}", output);
    }

    [Fact]
    public void Yaml_keeps_non_string_keys_like_pyyaml()
    {
        var data = TemplateData.FromYaml("a: {1: one, 2: two, yes: t, 1.5: f}\nb: [1, 2]\nname: x\n");
        var output = new TemplateEnvironment().FromString("{{ a }} {{ a[1] }} {{ a[true] }} {{ a[1.5] }} {{ b }} {{ name }}").Render(data);
        Assert.Equal("{1: 't', 2: 'two', 1.5: 'f'} t t f [1, 2] x", output);
    }
}
