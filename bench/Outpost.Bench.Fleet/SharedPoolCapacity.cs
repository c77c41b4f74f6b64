namespace Outpost.Bench.Fleet;

/// <summary>
/// Sizes the harness's shared buffer pool for the agents it simulates. Each simulated agent stands for an agent process of
/// its own, whose pool always has its few buffers to hand; thousands of them sharing one process's <c>ArrayPool</c>
/// (32 arrays per size and core by default) would instead allocate and collect the buffers a real agent reuses, and the
/// harness's garbage collections would be counted as fan-out time.
/// </summary>
internal static class SharedPoolCapacity
{
    /// <summary>Read by the runtime once, when the shared pool is first used.</summary>
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    private const string ArraysPerCore = "4096";

    /// <summary>Sets the pool's capacity for this process unless the caller chose one; must run before anything rents.</summary>
    public static void ApplyToHarness()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore);
        }
    }
}
