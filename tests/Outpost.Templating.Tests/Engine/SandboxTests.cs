namespace Outpost.Templating.Tests.Engine;

/// <summary>Templates can only reach their data and the loader; limits stop runaway templates.</summary>
public sealed class SandboxTests
{
    [Fact]
    public void Range_larger_than_the_limit_fails_clearly()
    {
        var options = new TemplateOptions { MaxRangeLength = 1000 };
        Assert.Equal("1000", Engine.Render("{{ range(1000)|length }}", options: options));
        var error = Engine.Fails<TemplateRuntimeException>("{% for i in range(1001) %}{% endfor %}", options: options);
        Assert.Contains("Range too big", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runaway_macro_recursion_fails_instead_of_crashing()
    {
        var error = Engine.Fails<TemplateRuntimeException>("{% macro inf() %}{{ inf() }}{% endmacro %}{{ inf() }}");
        Assert.Contains("recursion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runaway_include_recursion_fails()
    {
        var files = new Dictionary<string, string> { ["self"] = "{% include 'self' %}" };
        Engine.Fails<TemplateRuntimeException>("{% include 'self' %}", files: files);
    }

    [Theory]
    [InlineData("{{ 'x' * 100000000 }}")]
    [InlineData("{{ '%0100000000d' % 1 }}")]
    [InlineData("{{ 'x'.center(100000000) }}")]
    [InlineData("{{ 2 ** 1000000 }}")]
    public void Huge_results_fail_instead_of_exhausting_memory(string template)
        => Engine.Fails<TemplateRuntimeException>(template);

    [Fact]
    public void Cyclic_inheritance_fails_instead_of_looping()
    {
        var files = new Dictionary<string, string> { ["a"] = "{% extends 'b' %}", ["b"] = "{% extends 'a' %}" };
        Engine.Fails<TemplateRuntimeException>("{% extends 'a' %}", files: files);
    }

    [Fact]
    public void Dunder_attributes_and_host_objects_are_not_reachable()
    {
        Assert.Equal("||", Engine.Render("{{ ''.__class__ }}|{{ x.__dict__ }}|{{ [].__len__ }}", "{\"x\": {}}"));
        var env = new TemplateEnvironment();
        var output = env.FromString("{{ obj.GetType }}|{{ obj.Length }}").Render(new Dictionary<string, object?> { ["obj"] = new FileInfo("/etc/passwd") });
        Assert.Equal("|", output);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("sub/../../secret.txt")]
    [InlineData("/etc/passwd")]
    public void File_loader_refuses_names_outside_its_search_path(string name)
    {
        var root = Directory.CreateTempSubdirectory("outpost-tpl-");
        try
        {
            var inner = Directory.CreateDirectory(Path.Combine(root.FullName, "templates"));
            File.WriteAllText(Path.Combine(root.FullName, "secret.txt"), "secret");
            File.WriteAllText(Path.Combine(inner.FullName, "ok.j2"), "ok {{ 1 }}");
            var loader = new FileSystemTemplateLoader([inner.FullName]);
            Assert.Null(loader.Load(name));
            Assert.Equal("ok {{ 1 }}", loader.Load("ok.j2"));
            var env = new TemplateEnvironment(loader: loader);
            Assert.Throws<TemplateNotFoundException>(() => env.GetTemplate(name));
            Assert.Equal("ok 1", env.GetTemplate("ok.j2").Render(new Dictionary<string, object?>()));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
