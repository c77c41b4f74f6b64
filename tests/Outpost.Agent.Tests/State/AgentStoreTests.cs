using Outpost.Agent.State;

namespace Outpost.Agent.Tests.State;

/// <summary>The SQLite state and outbox, reopened from disk where durability matters.</summary>
public sealed class AgentStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private AgentStore Open() => new(_temp.Path, TimeProvider.System);

    [Fact]
    public void Outbox_seq_is_monotonic_across_reopen_and_after_acknowledge()
    {
        long first, second, third;
        using (var store = Open())
        {
            first = store.Enqueue("applied", """{"n":1}""");
            second = store.Enqueue("health", """{"n":2}""");
            Assert.True(second > first);
            store.Acknowledge(second);
            Assert.Empty(store.Pending(0, 10));
            Assert.Equal(second, store.LastAcknowledged);
        }

        using (var store = Open())
        {
            // Every event was deleted; AUTOINCREMENT still never hands out an old number.
            third = store.Enqueue("applied", """{"n":3}""");
            Assert.True(third > second);
            Assert.Equal(second, store.LastAcknowledged);
            var pending = Assert.Single(store.Pending(store.LastAcknowledged, 10));
            Assert.Equal(third, pending.Seq);
        }

        using (var store = Open())
        {
            Assert.True(store.Enqueue("x", "{}") > third);
        }
    }

    [Fact]
    public void Pending_returns_events_after_a_seq_in_order_up_to_max()
    {
        using var store = Open();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var seqs = Enumerable.Range(0, 5).Select(i => store.Enqueue("k" + i, $$"""{"i":{{i}}}""")).ToList();

        var page = store.Pending(seqs[1], 2);

        Assert.Equal([seqs[2], seqs[3]], page.Select(e => e.Seq));
        Assert.Equal("k2", page[0].Kind);
        Assert.Equal("""{"i":2}""", page[0].PayloadJson);
        Assert.InRange(page[0].CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(5, store.Pending(0, 100).Count);
        Assert.Empty(store.Pending(seqs[4], 100));
    }

    [Fact]
    public void Acknowledge_deletes_up_to_seq_never_moves_back_and_is_capped_at_the_highest_seq()
    {
        using var store = Open();
        var seqs = Enumerable.Range(0, 4).Select(i => store.Enqueue("k", "{}")).ToList();

        store.Acknowledge(seqs[1]);
        Assert.Equal([seqs[2], seqs[3]], store.Pending(0, 10).Select(e => e.Seq));
        store.Acknowledge(seqs[0]);
        Assert.Equal(seqs[1], store.LastAcknowledged);

        store.Acknowledge(seqs[3] + 1000);
        Assert.Equal(seqs[3], store.LastAcknowledged);
        Assert.True(store.Enqueue("k", "{}") > store.LastAcknowledged);
    }

    [Fact]
    public void Desired_state_applied_revision_and_values_survive_reopen()
    {
        var desired = new DesiredState("sha256:" + new string('a', 64), [1, 2, 3, 0, 255], "c2lnbmF0dXJl");
        using (var store = Open())
        {
            Assert.Null(store.GetDesired());
            Assert.Null(store.AppliedRevision);
            store.SetDesired(desired);
            store.AppliedRevision = "sha256:" + new string('b', 64);
            store.Set("hub.url", "wss://hub");
            store.Set("gone", "x");
            store.Set("gone", null);
        }

        using (var store = Open())
        {
            var read = store.GetDesired()!;
            Assert.Equal(desired.Revision, read.Revision);
            Assert.Equal(desired.ManifestBytes, read.ManifestBytes);
            Assert.Equal(desired.Signature, read.Signature);
            Assert.Equal("sha256:" + new string('b', 64), store.AppliedRevision);
            Assert.Equal("wss://hub", store.Get("hub.url"));
            Assert.Null(store.Get("gone"));
            store.AppliedRevision = null;
            Assert.Null(store.AppliedRevision);
        }

        Assert.True(File.Exists(Path.Combine(_temp.Path, "agent.db")));
    }

    [Fact]
    public void Reserving_seqs_makes_later_enqueues_higher_and_survives_reopen()
    {
        using (var store = Open())
        {
            store.ReserveSeqThrough(41);
            Assert.Equal(42, store.Enqueue("k", "{}"));
            store.ReserveSeqThrough(10);
            Assert.Equal(43, store.Enqueue("k", "{}"));
            store.ReserveSeqThrough(100);
        }

        using (var reopened = Open())
        {
            Assert.Equal(101, reopened.Enqueue("k", "{}"));
        }
    }

    [Fact]
    public async Task Concurrent_enqueues_get_distinct_increasing_seqs()
    {
        using var store = Open();
        var perThread = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            Enumerable.Range(0, 50).Select(i => store.Enqueue("t" + t, "{}")).ToList())));

        var all = perThread.SelectMany(s => s).ToList();
        Assert.Equal(200, all.Distinct().Count());
        Assert.All(perThread, seqs => Assert.Equal(seqs.Order(), seqs));
        Assert.Equal(all.Order(), store.Pending(0, 1000).Select(e => e.Seq));
    }
}
