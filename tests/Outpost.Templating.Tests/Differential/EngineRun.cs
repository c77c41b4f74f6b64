namespace Outpost.Templating.Tests.Differential;

/// <summary>What the engine did with a case: its output, or the exception it threw.</summary>
public sealed record EngineOutcome(string? Output, Exception? Exception);

/// <summary>Renders a case with Outpost.Templating as the oracle renders it with Jinja2.</summary>
public static class EngineRun
{
    public static EngineOutcome Render(DifferentialCase c, TimeSpan timeout)
    {
        // A separate task with a deadline: an engine that loops forever fails this case instead of the run.
        var task = Task.Run(() => RenderNow(c));
        if (!task.Wait(timeout))
        {
            return new EngineOutcome(null, new TimeoutException($"the engine did not finish rendering within {timeout}"));
        }
        return task.Result;
    }

    private static EngineOutcome RenderNow(DifferentialCase c)
    {
        try
        {
            var options = new TemplateOptions
            {
                TrimBlocks = c.Options.TrimBlocks,
                LstripBlocks = c.Options.LstripBlocks,
                KeepTrailingNewline = c.Options.KeepTrailingNewline,
                StrictUndefined = c.Options.Strict,
            };
            var environment = new TemplateEnvironment(options, new DictionaryTemplateLoader(c.Templates));
            var data = TemplateData.FromJson(c.DataJson);
            return new EngineOutcome(environment.GetTemplate(DifferentialCase.MainTemplate).Render(data), null);
        }
        catch (Exception ex)
        {
            return new EngineOutcome(null, ex);
        }
    }
}
