using System.CommandLine;
using Outpost.Templating;

namespace Outpost.Cli.Templates;

/// <summary>`outpost template render`: renders a Jinja2 template with JSON/YAML data, once or once per JSONL line.</summary>
public static class TemplateRenderCommand
{
    public static Command Create()
    {
        var template = new Argument<string>("TEMPLATE") { Description = "Path of the template file to render" };
        var data = new Option<string[]>("--data") { HelpName = "FILE", Description = "JSON or YAML file of variables (repeatable; later files win)" };
        var searchPath = new Option<string[]>("--search-path") { HelpName = "DIR", Description = "Extra directory for include/import/extends (repeatable)" };
        var strict = new Option<bool>("--strict") { Description = "Fail on undefined variables (StrictUndefined)" };
        var trimBlocks = new Option<bool>("--trim-blocks") { Description = "Remove the first newline after a block tag" };
        var lstripBlocks = new Option<bool>("--lstrip-blocks") { Description = "Strip whitespace before a block tag at line start" };
        var keepNewline = new Option<bool>("--keep-trailing-newline") { Description = "Keep the template's final newline" };
        var each = new Option<string?>("--each") { HelpName = "FILE.jsonl", Description = "JSONL file: render once per line (line data merged over --data)" };
        var outDir = new Option<string?>("--out-dir") { HelpName = "DIR", Description = "Directory for the files written by --each" };
        var name = new Option<string?>("--name") { HelpName = "TEMPLATE", Description = "Template for each output file name (default: the 1-based line number)" };

        var command = new Command("render", "Render a Jinja2 template to stdout (or to files with --each)");
        command.Arguments.Add(template);
        foreach (var option in new Option[] { data, searchPath, strict, trimBlocks, lstripBlocks, keepNewline, each, outDir, name })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            var request = new TemplateRenderRequest
            {
                TemplatePath = parseResult.GetValue(template)!,
                DataFiles = parseResult.GetValue(data) ?? [],
                SearchPaths = parseResult.GetValue(searchPath) ?? [],
                Options = new TemplateOptions
                {
                    StrictUndefined = parseResult.GetValue(strict),
                    TrimBlocks = parseResult.GetValue(trimBlocks),
                    LstripBlocks = parseResult.GetValue(lstripBlocks),
                    KeepTrailingNewline = parseResult.GetValue(keepNewline),
                },
                EachFile = parseResult.GetValue(each),
                OutDir = parseResult.GetValue(outDir),
                NameTemplate = parseResult.GetValue(name),
            };
            var config = parseResult.InvocationConfiguration;
            return TemplateRenderRunner.Run(request, config.Output, config.Error);
        });
        return command;
    }
}
