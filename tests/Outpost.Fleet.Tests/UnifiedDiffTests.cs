namespace Outpost.Fleet.Tests;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_give_no_diff() => Assert.Equal("", UnifiedDiff.Create("a", "b", "x\ny\n", "x\ny\n"));

    [Fact]
    public void Change_in_the_middle_gets_context_and_header()
    {
        var from = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var to = from.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);
        var diff = UnifiedDiff.Create("a/x", "b/x", from, to);
        Assert.Equal("--- a/x\n+++ b/x\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n", diff);
    }

    [Fact]
    public void Distant_changes_make_separate_hunks_and_missing_newline_is_marked()
    {
        var from = string.Concat(Enumerable.Range(1, 30).Select(i => $"{i}\n"));
        var to = string.Concat(Enumerable.Range(1, 30).Select(i => i == 2 ? "two\n" : $"{i}\n")) + "31";
        var diff = UnifiedDiff.Create("a", "b", from, to);
        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("+31\n\\ No newline at end of file\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void New_file_diffs_against_dev_null()
    {
        var diff = UnifiedDiff.Create("a/x", "b/x", null, "one\ntwo\n"u8.ToArray());
        Assert.StartsWith("--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+one\n+two\n", diff, StringComparison.Ordinal);
    }
}
