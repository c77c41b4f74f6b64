using System.CommandLine;
using Outpost.Protocol.Bundles;

namespace Outpost.Cli.Operator;

/// <summary>`outpost publish DIR --site ID | --selector SEL`.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Directory whose files become the bundle" };
        var sites = new Option<string[]>("--site") { Description = "Target site id (repeatable)" };
        var selector = new Option<string?>("--selector") { Description = "Label selector, e.g. tier=canary,region=eu-central" };
        var (config, output) = (CommonOptions.Config(), CommonOptions.Output());
        var command = new Command("publish", "Make a directory the desired bundle of some sites") { dir, sites, selector, config, output };
        command.SetAction(async (parse, ct) =>
        {
            var targets = parse.GetValue(sites) ?? [];
            var sel = parse.GetValue(selector);
            if ((targets.Length == 0) == (sel is null))
            {
                throw new CliException("name the targets with --site ID (repeatable) or --selector, not both");
            }

            using var hub = new HubClient(OperatorConfigLocator.Load(parse.GetValue(config)));
            var (result, uploaded, bytes) = await BundlePublisher.PublishAsync(hub, parse.GetValue(dir)!, targets.Length > 0 ? targets : null, sel,
                message => Console.Error.Write($"\r{message}   "), ct);
            if (uploaded > 0)
            {
                Console.Error.WriteLine();
            }

            if (!CommandOutput.WriteJsonIfAsked(parse.GetValue(output), result))
            {
                Console.WriteLine($"revision {ContentDigest.Short(result.Revision)} ({result.Revision}) desired for {result.Sites.Count} site(s): {string.Join(", ", result.Sites)}; uploaded {uploaded} new blob(s), {bytes} bytes");
            }

            return 0;
        });
        return command;
    }
}
