using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Outpost.Hub.Transport;

/// <summary>
/// Gives memory kept after bursts back, every half minute: Kestrel's read blocks that a whole interval did not need, and
/// the C allocator's free pages. TLS handshakes (OpenSSL) allocate a lot for a moment; when thousands of agents reconnect
/// at once glibc keeps those freed pages in its per-thread arenas, and an idle hub would look (and be, for the kernel)
/// far bigger than what its sessions hold.
/// </summary>
public sealed partial class IdleMemoryTrimmer(TimeProvider time, IMemoryPoolFactory<byte> pools) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Gives the C allocator's free pages back now; false where there is no glibc (musl, macOS, Windows).</summary>
    public static bool TrimNow()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var native = true;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            (pools as LargeBlockMemoryPool.Factory)?.Trim();
            native = native && TrimNow();
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
