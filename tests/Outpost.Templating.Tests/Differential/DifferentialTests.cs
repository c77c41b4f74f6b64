namespace Outpost.Templating.Tests.Differential;

/// <summary>
/// Renders every corpus case (Cases/*.yaml) with the engine and with Python's Jinja2 (oracle.py, run once),
/// and requires the same bytes, or a TemplateException wherever Jinja2 raises.
/// </summary>
public sealed class DifferentialTests
{
    /// <summary>Row name used when the oracle could not run, so the failure is reported instead of skipped.</summary>
    public const string OracleUnavailable = "<oracle-unavailable>";

    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> CaseNames()
    {
        var run = JinjaOracle.Results;
        var data = new TheoryData<string>();
        if (run.Failure is not null)
        {
            data.Add(OracleUnavailable);
            return data;
        }
        foreach (var name in run.Cases.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Engine_matches_Jinja2(string name)
    {
        var run = JinjaOracle.Results;
        if (run.Failure is not null)
        {
            Assert.Fail("The Jinja2 oracle could not run, so no differential case was checked.\n" + run.Failure);
        }
        Assert.True(run.Cases.TryGetValue(name, out var c), $"case {name} is not in the oracle's results");
        if (c.Problem is not null)
        {
            Assert.Fail(MismatchReport.CorpusProblem(c));
        }

        var outcome = EngineRun.Render(c, RenderTimeout);
        if (c.Result.Ok)
        {
            var expected = c.Result.Output ?? string.Empty;
            if (outcome.Exception is not null)
            {
                Assert.Fail(MismatchReport.EngineThrew(c, outcome.Exception));
            }
            if (!string.Equals(expected, outcome.Output, StringComparison.Ordinal))
            {
                Assert.Fail(MismatchReport.OutputDiffers(c, expected, outcome.Output ?? string.Empty));
            }
        }
        else if (outcome.Exception is not TemplateException)
        {
            Assert.Fail(MismatchReport.EngineDidNotFail(c, outcome));
        }
    }

    [Fact]
    public void Oracle_runs_the_expected_Jinja2()
    {
        var run = JinjaOracle.Results;
        Assert.True(run.Failure is null, run.Failure);
        Assert.Equal("3.1.6", run.JinjaVersion);
        Assert.True(run.Cases.Count >= 300, $"the corpus has only {run.Cases.Count} cases");
        var renders = run.Cases.Values.Count(c => !c.ExpectError);
        Assert.True(renders * 100 >= run.Cases.Count * 85,
            $"only {renders} of {run.Cases.Count} cases are successful renders; keep expected-error cases under 15%");
    }
}
