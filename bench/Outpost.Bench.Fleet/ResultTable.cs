using System.Globalization;
using System.Text;

namespace Outpost.Bench.Fleet;

/// <summary>Renders one run's results as a Markdown table (printed, and saved for docs/performance.md).</summary>
internal static class ResultTable
{
    public static string Render(BenchOptions options, int enrolled, TimeSpan enrolTime, TimeSpan connectTime, TimeSpan connectCpu, int retries,
        HubHeap baseline, HubHeap halfIdle, HubHeap idle, long peakRss, FanOutResult full, IReadOnlyList<FanOutResult> rounds, int sessionsEnded)
    {
        var n = options.Agents;
        var text = new StringBuilder();
        void Row(string metric, string value) => text.Append(CultureInfo.InvariantCulture, $"| {metric} | {value} |\n");

        text.Append(CultureInfo.InvariantCulture, $"**N = {n:N0} agents** ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)\n\n");
        text.Append("| Metric | Value |\n|---|---|\n");
        Row("Enrolment (this run)", enrolled == 0 ? "cached identities reused" : $"{enrolled:N0} sites in {enrolTime.TotalSeconds:0.0} s ({enrolled / enrolTime.TotalSeconds:0} /s, {options.EnrollConcurrency} parallel)");
        Row($"Time to connect {n:N0} (all welcomed)", $"{connectTime.TotalSeconds:0.00} s ({n / connectTime.TotalSeconds:0} sessions/s, {options.ConnectConcurrency} parallel, {retries} retries; hub CPU {connectCpu.TotalMilliseconds / n:0.00} ms per session)");
        Row("Sessions on the hub when idle", $"{idle.Sessions:N0}");
        Row("Hub RSS: baseline → idle", $"{Mib(baseline.RssBytes)} → {Mib(idle.RssBytes)}");
        Row("Hub GC heap: baseline → idle", $"{Mib(baseline.GcHeapBytes)} → {Mib(idle.GcHeapBytes)} (live {Mib(baseline.LiveManagedBytes)} → {Mib(idle.LiveManagedBytes)})");
        Row("**Hub RSS per idle session**", $"**{Kib((idle.RssBytes - baseline.RssBytes) / (double)n)}**");
        Row("Hub GC heap per idle session", Kib((idle.GcHeapBytes - baseline.GcHeapBytes) / (double)n));
        var added = n - halfIdle.Sessions;
        Row($"**Hub RSS per added idle session** ({halfIdle.Sessions:N0} → {n:N0})", $"**{Kib((idle.RssBytes - halfIdle.RssBytes) / (double)added)}**");
        Row($"Hub GC heap per added idle session ({halfIdle.Sessions:N0} → {n:N0})", Kib((idle.GcHeapBytes - halfIdle.GcHeapBytes) / (double)added));
        Row("Hub peak RSS (whole run, incl. full-bundle fan-out)", Mib(peakRss));
        foreach (var result in new[] { full, rounds.Last(r => r.SharedChecks), rounds.Last(r => !r.SharedChecks) })
        {
            var r = result.FromReturnMs;
            var label = result.ShownLabel;
            Row($"{label}: publish call", $"{result.PublishCallMs:0} ms");
            Row($"{label}: reached", $"{result.Reached:N0} / {result.Agents:N0}");
            Row($"{label}: CPU per agent, hub / harness", $"{result.HubCpu.TotalMilliseconds / result.Agents:0.00} ms / {result.HarnessCpu.TotalMilliseconds / result.Agents:0.00} ms");
            // Hub and simulated agents share the cores: the agents' own work, spread over every core, already takes this
            // long, so no hub could bring 100% in sooner here (on a real fleet each agent has a computer of its own).
            Row($"{label}: CPU spent ÷ {Environment.ProcessorCount} cores, harness alone / hub + harness",
                $"{Ms(result.HarnessCpu.TotalMilliseconds / Environment.ProcessorCount)} / {Ms((result.HubCpu + result.HarnessCpu).TotalMilliseconds / Environment.ProcessorCount)}");
            // From when the publish request was sent: the stricter figure, since pushes start before the call returns.
            var s = result.FromSendMs;
            Row($"**{label}: 50% / 99% / 100% after publish sent**",
                $"**{Ms(FanOutResult.Percentile(s, result.Agents, 0.5))} / {Ms(FanOutResult.Percentile(s, result.Agents, 0.99))} / {Ms(FanOutResult.Percentile(s, result.Agents, 1.0))}**");
            Row($"{label}: 50% / 99% / 100% after publish returned", $"{Ms(FanOutResult.Percentile(r, result.Agents, 0.5))} / {Ms(FanOutResult.Percentile(r, result.Agents, 0.99))} / {Ms(FanOutResult.Percentile(r, result.Agents, 1.0))}");
            Row($"{label}: mean bytes per agent (message with attached blobs + fetched blobs)",
                $"{result.MeanPayloadBytes:N0} B = {result.MeanMessageBytes:N0} ({result.MeanBlobsAttached:0.#} blobs attached) + {result.MeanBlobBytes:N0} ({result.MeanBlobsFetched:0.#} fetched) = {100 * result.MeanPayloadBytes / BundleFixture.BundleBytes:0.00}% of the {BundleFixture.BundleBytes / 1024} KiB bundle");
            Row($"{label}: mean TCP bytes received per agent (TLS, websocket, mux framing)", $"{result.MeanWireBytes:N0} B = {100 * result.MeanWireBytes / BundleFixture.BundleBytes:0.00}%");
        }

        foreach (var result in rounds)
        {
            var s = result.FromSendMs;
            Row($"{result.Label}: 50% / 99% / 100% after publish sent; CPU per agent, hub / harness",
                $"{Ms(FanOutResult.Percentile(s, result.Agents, 0.5))} / {Ms(FanOutResult.Percentile(s, result.Agents, 0.99))} / {Ms(FanOutResult.Percentile(s, result.Agents, 1.0))}; {result.HubCpu.TotalMilliseconds / result.Agents:0.00} ms / {result.HarnessCpu.TotalMilliseconds / result.Agents:0.00} ms");
        }

        var (sharedMedian, aloneMedian) = (FanOutResult.MedianOf99(rounds.Where(r => r.SharedChecks)), FanOutResult.MedianOf99(rounds.Where(r => !r.SharedChecks)));
        Row("**one-file change: median of the rounds' 99% after publish sent, checks shared / each agent alone**",
            $"**{Ms(sharedMedian)}** / {Ms(aloneMedian)}{(sharedMedian is { } a && aloneMedian is { } b ? string.Create(CultureInfo.InvariantCulture, $" (ratio {b / a:0.00})") : "")}");
        Row("Sessions that ended during the run", $"{sessionsEnded:N0}");
        return text.ToString();
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");

    private static string Kib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KiB");

    private static string Ms(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0} ms") : "not reached";
}
