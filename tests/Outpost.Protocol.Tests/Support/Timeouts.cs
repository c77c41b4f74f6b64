namespace Outpost.Protocol.Tests.Support;

internal static class Timeouts
{
    /// <summary>Only there so that a broken multiplexer fails a test instead of hanging it; nothing is timed.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    public static Task Within(this Task task) => task.WaitAsync(Generous);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Generous);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Generous);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Generous);

    /// <summary>Polls <paramref name="condition"/> until it holds (a state, not a duration, is what the test asserts).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
