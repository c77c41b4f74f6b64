using Outpost.Fleet;

namespace Outpost.Cli.Fleet;

/// <summary>Prints a blast radius: a summary line, then each changed site with its files (and patches when asked).</summary>
internal static class DiffPrinter
{
    public static void Print(TextWriter output, FleetDiffResult diff, bool patch)
    {
        var changed = diff.Sites.Count;
        output.WriteLine($"{diff.FromCommit[..12]}..{diff.ToCommit[..12]}: {changed} of {diff.TotalSites} sites change " +
            $"({diff.Modified} modified, {diff.Added} added, {diff.Removed} removed, {diff.Failed} failed; {diff.Unchanged} unchanged)");
        foreach (var site in diff.Sites)
        {
            output.WriteLine($"{Letter(site.Kind)} {site.SiteId}" + (site.Kind == ChangeKind.Failed ? " (cannot render; see errors)" : $" ({site.Files.Count} files)"));
            foreach (var file in site.Files)
            {
                output.WriteLine($"    {Letter(file.Kind)} {file.Path}");
            }
        }
        if (!patch)
        {
            return;
        }
        foreach (var file in diff.Sites.SelectMany(s => s.Files))
        {
            output.Write(file.Patch);
        }
    }

    private static char Letter(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => 'A',
        ChangeKind.Removed => 'D',
        ChangeKind.Modified => 'M',
        _ => '!',
    };
}
