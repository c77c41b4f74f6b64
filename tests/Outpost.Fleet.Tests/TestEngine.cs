using System.Text.RegularExpressions;
using Outpost.Templating;

namespace Outpost.Fleet.Tests;

/// <summary>
/// Picks the template engine for tests: the real Outpost.Templating engine when it renders expressions,
/// otherwise (while that engine is still a pass-through stub) a tiny stand-in that understands
/// <c>{{ dotted.path }}</c> and <c>{% include 'name' %}</c>, so fleet behaviour stays testable.
/// </summary>
internal static partial class TestEngine
{
    public static bool RealEngineWorks { get; } = Probe();

    public static TemplateCompilerFactory Factory { get; } = RealEngineWorks
        ? EngineTemplateCompiler.Factory
        : (_, includes) => new MiniCompiler(includes);

    public static FleetRenderer Renderer(FleetRepository fleet) => new(fleet, Factory);

    public static FleetDiffOptions DiffOptions(bool patch = false, FleetRepositoryOptions? repository = null) =>
        new() { IncludePatch = patch, Repository = repository, CompilerFactory = Factory };

    private static bool Probe()
    {
        try
        {
            return new TemplateEnvironment().FromString("{{ 1 + 1 }}").Render(new Dictionary<string, object?>()) == "2";
        }
        catch (Exception)
        {
            return false;
        }
    }

    private sealed partial class MiniCompiler(IReadOnlyDictionary<string, string> includes) : ITemplateCompiler
    {
        public Func<IReadOnlyDictionary<string, object?>, string> Compile(string source, string name) => data => Render(source, name, data, 0);

        private string Render(string source, string name, IReadOnlyDictionary<string, object?> data, int depth)
        {
            var withIncludes = IncludePattern().Replace(source, m =>
                includes.TryGetValue(m.Groups[1].Value, out var included) && depth < 10
                    ? Render(included, m.Groups[1].Value, data, depth + 1)
                    : throw new TemplateException($"template '{m.Groups[1].Value}' not found", name));
            return ExpressionPattern().Replace(withIncludes, m =>
            {
                object? value = data;
                foreach (var part in m.Groups[1].Value.Split('.'))
                {
                    value = value is IReadOnlyDictionary<string, object?> map && map.TryGetValue(part, out var next)
                        ? next
                        : throw new TemplateException($"'{m.Groups[1].Value}' is undefined", name, LineOf(withIncludes, m.Index), 1);
                }
                return value switch
                {
                    bool b => b ? "True" : "False",
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    _ => value?.ToString() ?? "None",
                };
            });
        }

        private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

        [GeneratedRegex(@"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")]
        private static partial Regex ExpressionPattern();

        [GeneratedRegex(@"\{%\s*include\s+'([^']+)'\s*%\}")]
        private static partial Regex IncludePattern();
    }
}
