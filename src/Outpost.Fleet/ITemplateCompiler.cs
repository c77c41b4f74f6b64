using Outpost.Templating;

namespace Outpost.Fleet;

/// <summary>Compiles template source into a render function; the seam between fleet rendering and the template engine.</summary>
internal interface ITemplateCompiler
{
    /// <summary>Throws <see cref="TemplateException"/> for syntax errors; the returned function throws it for render errors.</summary>
    Func<IReadOnlyDictionary<string, object?>, string> Compile(string source, string name);
}

/// <summary>Makes a compiler for one bundle, given the fleet's options and the templates it may include by name.</summary>
internal delegate ITemplateCompiler TemplateCompilerFactory(TemplateOptions options, IReadOnlyDictionary<string, string> includes);
