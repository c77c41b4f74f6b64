namespace Outpost.Templating.Tests.Engine;

/// <summary>extends/block/super, include and import. Expected values from Jinja2 3.1.6.</summary>
public sealed class InheritanceTests
{
    private static string Render(string main, string json = "{}", params (string Name, string Source)[] files)
        => Engine.Render(main, json, files: files.ToDictionary(f => f.Name, f => f.Source));

    [Fact]
    public void Child_blocks_override_parent_and_super_renders_parent()
    {
        var output = Render(
            "{% extends 'base' %}\n{% block a %}A{% endblock %}\nignored {{ 1/0 if false }}\n{% block b %}B {{ super() }}{% endblock %}",
            "{}",
            ("base", "[{% block a %}a{% endblock %}|{% block b %}b{% endblock %}|{% block c %}c{% endblock %}]"));
        Assert.Equal("[A|B b|c]", output);
    }

    [Fact]
    public void Three_levels_chain_super_calls()
    {
        var output = Render(
            "{% extends 'mid' %}{% block x %}child>{{ super() }}{% endblock %}",
            "{}",
            ("mid", "{% extends 'base' %}{% block x %}mid>{{ super() }}{% endblock %}"),
            ("base", "<{% block x %}base{% endblock %}>"));
        Assert.Equal("<child>mid>base>", output);
    }

    [Fact]
    public void Self_renders_another_block_and_top_level_sets_are_shared()
    {
        Assert.Equal("Y|Y", Render(
            "{% extends 'base' %}{% block x %}{{ self.y() }}{% endblock %}{% block y %}Y{% endblock %}",
            "{}",
            ("base", "{% block x %}{% endblock %}|{% block y %}{% endblock %}")));
        Assert.Equal("top[top]", Render("{% set v = 'top' %}{% extends 'base' %}", "{}", ("base", "{{ v }}{% block b %}[{{ v }}]{% endblock %}")));
    }

    [Fact]
    public void Blocks_see_loop_variables_only_when_scoped()
    {
        Assert.Equal("12", Engine.Render("{% for i in [1, 2] %}{% block b scoped %}{{ i }}{% endblock %}{% endfor %}"));
        Assert.Equal(string.Empty, Engine.Render("{% for i in [1, 2] %}{% block b %}{{ i }}{% endblock %}{% endfor %}"));
    }

    [Fact]
    public void Include_passes_context_and_handles_missing_and_lists()
    {
        var output = Render(
            "{% include 'inc' %}|{% include 'missing' ignore missing %}|{% include ['nope', 'inc'] %}|{% for i in [7] %}{% include 'loop' %}{% endfor %}",
            "{\"v\": 5}",
            ("inc", "inc {{ v }}"),
            ("loop", "{{ i }}:{{ loop is defined }}"));
        Assert.Equal("inc 5||inc 5|7:False", output);
        Assert.Equal("[]", Render("{% include 'i' without context %}", "{\"x\": 1}", ("i", "[{{ x }}]")));
        Engine.Fails<TemplateNotFoundException>("{% include 'missing' %}", files: new Dictionary<string, string>());
    }

    [Fact]
    public void Import_exports_macros_and_public_top_level_names()
    {
        var module = ("m", "{% set x = 1 %}{% set _p = 2 %}{% macro f() %}F{{ x }}{% endmacro %}{% macro hello(n) %}Hello {{ n }}{% endmacro %}");
        Assert.Equal("1|F1||", Render("{% import 'm' as m %}{{ m.x }}|{{ m.f() }}|{{ m._p }}|{{ m.nope }}", "{}", module));
        Assert.Equal("Hello y[]", Render("{% from 'm' import hello as h, nope %}{{ h('y') }}[{{ nope }}]", "{}", module));
    }

    [Fact]
    public void Import_sees_caller_variables_only_with_context()
    {
        var module = ("m", "{% macro f() %}y={{ y }}{% endmacro %}");
        Assert.Equal("y=5", Render("{% set y = 5 %}{% import 'm' as m with context %}{{ m.f() }}", "{}", module));
        Assert.Equal("y=", Render("{% set y = 5 %}{% import 'm' as m %}{{ m.f() }}", "{}", module));
    }

    [Fact]
    public void Extending_twice_or_defining_a_block_twice_fails()
    {
        Engine.Fails<TemplateException>("{% extends 'base' %}{% extends 'base' %}", files: new Dictionary<string, string> { ["base"] = "x" });
        Engine.Fails<TemplateSyntaxException>("{% block a %}{% endblock %}{% block a %}{% endblock %}");
    }
}
