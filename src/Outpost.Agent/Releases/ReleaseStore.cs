using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Outpost.Protocol.Bundles;

namespace Outpost.Agent.Releases;

/// <summary>
/// Releases under <c>DATA/releases/&lt;hex&gt;/</c> and the <c>DATA/current</c> symlink. A release directory only ever
/// appears under its final name complete and fsynced, and <c>current</c> is swapped with rename(2), so a crash at any
/// point leaves either the old or the new release current.
/// </summary>
public sealed class ReleaseStore
{
    private const string CurrentLinkName = "current";
    private const string TempLinkPrefix = ".current-";
    private const string StagingPrefix = ".staging-";
    private const string TrashPrefix = ".trash-";
    private const string ManifestSuffix = ".manifest.json";
    private const string TempFilePrefix = ".tmp-";

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="dataDirectory">The agent's data directory (DATA).</param>
    /// <param name="timeProvider">Stamps releases so that the newest can be told apart.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="keepReleases">How many releases are kept on disk, the current one included (at least 1).</param>
    public ReleaseStore(string dataDirectory, TimeProvider timeProvider, ILogger<ReleaseStore>? logger = null, int keepReleases = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepReleases, 1);
        DataDirectory = Path.GetFullPath(dataDirectory);
        ReleasesDirectory = Path.Combine(DataDirectory, "releases");
        Directory.CreateDirectory(ReleasesDirectory);
        _time = timeProvider;
        _logger = logger ?? NullLogger<ReleaseStore>.Instance;
        KeepReleases = keepReleases;
    }

    public string DataDirectory { get; }

    public string ReleasesDirectory { get; }

    /// <summary>How many releases are kept, the current one included.</summary>
    public int KeepReleases { get; }

    private string CurrentLink => Path.Combine(DataDirectory, CurrentLinkName);

    /// <summary>The manifest digest <c>current</c> points at, or null when there is none (or it dangles).</summary>
    public string? CurrentRevision
    {
        get
        {
            var hex = CurrentHex();
            return hex is not null && Directory.Exists(ReleaseDir(hex)) ? ContentDigest.Prefix + hex : null;
        }
    }

    /// <summary>The current release's real directory, or null.</summary>
    public string? CurrentPath => CurrentRevision is { } revision ? ReleaseDir(ContentDigest.Hex(revision)) : null;

    /// <summary>The kept releases' revisions, newest first.</summary>
    public IReadOnlyList<string> Revisions => ReleaseDirsNewestFirst().Select(d => ContentDigest.Prefix + d.Name).ToList();

    /// <summary>The release directory of a revision (which may not exist).</summary>
    public string PathOf(string revision) => ReleaseDir(ContentDigest.Hex(revision));

    /// <summary>The manifest a kept release was applied from, or null if it is not kept.</summary>
    public BundleManifest? ManifestOf(string revision) => ManifestBytesOf(revision) is { } bytes ? BundleManifest.Parse(bytes) : null;

    /// <summary>The bytes of the manifest a kept release was applied from, or null if it is not kept.</summary>
    public byte[]? ManifestBytesOf(string revision)
    {
        var path = ManifestFile(ContentDigest.Hex(revision));
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every blob digest the kept releases use (files and config): what <see cref="BlobCache.Prune"/> should keep.</summary>
    public IReadOnlySet<string> ReferencedDigests()
    {
        var digests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var revision in Revisions)
        {
            if (ManifestOf(revision) is { } manifest)
            {
                digests.UnionWith(manifest.BlobDigests());
            }
        }

        return digests;
    }

    /// <summary>
    /// Materialises <paramref name="manifest"/> from <paramref name="blobs"/> as release <paramref name="revision"/> and makes it
    /// current; a no-op when it already is. Every path, digest and blob is checked before anything is written.
    /// </summary>
    public async Task<ApplyOutcome> ApplyAsync(string revision, BundleManifest manifest, BlobCache blobs, CancellationToken ct)
    {
        var hex = ContentDigest.IsValid(revision) ? ContentDigest.Hex(revision) : throw new ArgumentException($"Revision '{revision}' is not a sha256 digest.", nameof(revision));
        var files = ReleaseManifestCheck.Files(manifest);
        var missing = files.Select(f => f.Digest).Distinct(StringComparer.Ordinal).Where(d => !blobs.Has(d)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Release {ContentDigest.Short(revision)} needs {missing.Count} blob(s) not in the cache: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}");
        }

        await _gate.WaitAsync(ct);
        try
        {
            var previous = CurrentRevision;
            var final = ReleaseDir(hex);
            if (previous == revision)
            {
                _logger.LogInformation("Release {Revision} is already current", revision);
                return new ApplyOutcome(revision, final, previous, Changed: false);
            }

            if (Directory.Exists(final))
            {
                // Only complete releases ever carry a final name, so a kept one is reused as is.
                _logger.LogInformation("Release {Revision} is kept on disk; switching back to it", revision);
            }
            else
            {
                await MaterialiseAsync(hex, manifest, files, blobs, ct);
            }

            ct.ThrowIfCancellationRequested();
            Switch(hex);
            _logger.LogInformation("Release {Revision} is current (was {Previous})", revision, previous);
            PruneQuietly();
            return new ApplyOutcome(revision, final, previous, Changed: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes a kept release current again (a rollback).</summary>
    public async Task SwitchToAsync(string revision, CancellationToken ct = default)
    {
        var hex = ContentDigest.Hex(revision);
        await _gate.WaitAsync(ct);
        try
        {
            if (!Directory.Exists(ReleaseDir(hex)))
            {
                throw new InvalidOperationException($"Release {revision} is not kept on disk; kept: {string.Join(", ", Revisions)}.");
            }

            if (CurrentHex() != hex)
            {
                Switch(hex);
                _logger.LogInformation("Switched current to release {Revision}", revision);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Startup repair after a crash: removes staging and trash directories and temp links and files; if <c>current</c>
    /// dangles, points it at the newest kept release, or removes it when there is none.
    /// </summary>
    public void Recover()
    {
        _gate.Wait();
        try
        {
            foreach (var dir in new DirectoryInfo(ReleasesDirectory).EnumerateDirectories())
            {
                if (dir.Name.StartsWith(StagingPrefix, StringComparison.Ordinal) || dir.Name.StartsWith(TrashPrefix, StringComparison.Ordinal))
                {
                    _logger.LogInformation("Removing leftover {Directory}", dir.Name);
                    dir.Delete(recursive: true);
                }
            }

            foreach (var file in new DirectoryInfo(ReleasesDirectory).EnumerateFiles())
            {
                var orphanManifest = file.Name.EndsWith(ManifestSuffix, StringComparison.Ordinal) &&
                    !Directory.Exists(Path.Combine(ReleasesDirectory, file.Name[..^ManifestSuffix.Length]));
                if (orphanManifest || file.Name.StartsWith(TempFilePrefix, StringComparison.Ordinal))
                {
                    file.Delete();
                }
            }

            foreach (var link in new DirectoryInfo(DataDirectory).EnumerateFileSystemInfos(TempLinkPrefix + "*"))
            {
                link.Delete();
            }

            var link0 = new FileInfo(CurrentLink);
            if (link0.LinkTarget is null && (link0.Exists || Directory.Exists(CurrentLink)))
            {
                _logger.LogError("{Path} is not a symlink; leaving it alone", CurrentLink);
            }
            else if (CurrentRevision is null)
            {
                var newest = ReleaseDirsNewestFirst().FirstOrDefault();
                if (newest is not null)
                {
                    _logger.LogWarning("current link is missing or dangles; pointing it at the newest kept release {Revision}", ContentDigest.Prefix + newest.Name);
                    Switch(newest.Name, touch: false);
                }
                else if (link0.LinkTarget is not null)
                {
                    _logger.LogWarning("current link dangles and no release is kept; removing it");
                    link0.Delete();
                    UnixFileSystem.FsyncDirectory(DataDirectory);
                }
            }

            UnixFileSystem.FsyncDirectory(ReleasesDirectory);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MaterialiseAsync(string hex, BundleManifest manifest, IReadOnlyList<BundleFile> files, BlobCache blobs, CancellationToken ct)
    {
        var staging = Path.Combine(ReleasesDirectory, StagingPrefix + hex[..12] + "-" + Guid.NewGuid().ToString("N"));
        var started = _time.GetTimestamp();
        try
        {
            Directory.CreateDirectory(staging);
            var directories = new HashSet<string>(StringComparer.Ordinal) { staging };
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                var path = Path.Combine(staging, file.Path);
                var parent = Path.GetDirectoryName(path)!;
                if (!directories.Contains(parent))
                {
                    Directory.CreateDirectory(parent);

                    // Every directory created on the way needs its own fsync, not only the innermost.
                    for (var dir = parent; directories.Add(dir); dir = Path.GetDirectoryName(dir)!)
                    {
                    }
                }

                await CopyVerifiedAsync(blobs, file, path, ct);
            }

            // Children before parents, so each directory entry is durable before the entry naming its directory.
            foreach (var dir in directories.OrderByDescending(d => d.Length))
            {
                UnixFileSystem.FsyncDirectory(dir);
            }

            WriteManifest(hex, manifest);
            Directory.Move(staging, ReleaseDir(hex));
            UnixFileSystem.FsyncDirectory(ReleasesDirectory);
            _logger.LogInformation("Materialised release {Revision}: {Files} files in {ElapsedMs} ms", ContentDigest.Prefix + hex, files.Count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static async Task CopyVerifiedAsync(BlobCache blobs, BundleFile file, string path, CancellationToken ct)
    {
        // The cache verified the blob when it was put; hashing again on the way out catches a blob damaged on disk since.
        await using (var source = blobs.OpenRead(file.Digest))
        await using (var target = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous }))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            var actual = ContentDigest.Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != file.Digest || target.Length != file.Size)
            {
                // Damaged on disk since it was verified: dropped, so that fetching it again can repair the cache.
                blobs.Delete(file.Digest);
                throw new InvalidDataException($"Blob {file.Digest} for '{file.Path}' is damaged in the cache (sha256 {actual}, {target.Length} bytes, expected {file.Size}).");
            }

            target.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // chmod is not subject to the umask, unlike the mode given at create.
            File.SetUnixFileMode(path, (UnixFileMode)file.Mode);
        }
    }

    private void WriteManifest(string hex, BundleManifest manifest)
    {
        var temp = Path.Combine(ReleasesDirectory, TempFilePrefix + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(manifest.ToBytes());
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, ManifestFile(hex), overwrite: true);
    }

    /// <summary>Points <c>current</c> at a release: a temp symlink renamed over it, then the parent fsynced.</summary>
    private void Switch(string hex, bool touch = true)
    {
        if (touch)
        {
            Touch(hex);
        }

        var temp = Path.Combine(DataDirectory, TempLinkPrefix + Guid.NewGuid().ToString("N"));
        File.CreateSymbolicLink(temp, Path.Combine("releases", hex));
        try
        {
            UnixFileSystem.Rename(temp, CurrentLink);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        UnixFileSystem.FsyncDirectory(DataDirectory);
    }

    /// <summary>Stamps a release as the newest: its directory mtime orders <see cref="Revisions"/> and pruning.</summary>
    private void Touch(string hex)
    {
        var others = ReleaseDirsNewestFirst().Where(d => d.Name != hex).Select(d => d.LastWriteTimeUtc).FirstOrDefault();
        var now = _time.GetUtcNow().UtcDateTime;

        // Strictly after every other release even when the clock is coarse or has stepped back.
        Directory.SetLastWriteTimeUtc(ReleaseDir(hex), now > others ? now : others.AddMilliseconds(1));
    }

    private void PruneQuietly()
    {
        var current = CurrentHex();
        foreach (var old in ReleaseDirsNewestFirst().Where(d => d.Name != current).Skip(KeepReleases - 1))
        {
            try
            {
                // Renamed away first: a delete cut short must never leave a partial release under a final name.
                var trash = Path.Combine(ReleasesDirectory, TrashPrefix + old.Name[..12] + "-" + Guid.NewGuid().ToString("N"));
                Directory.Move(old.FullName, trash);
                File.Delete(ManifestFile(old.Name));
                UnixFileSystem.FsyncDirectory(ReleasesDirectory);
                Directory.Delete(trash, recursive: true);
                _logger.LogInformation("Pruned release {Revision}", ContentDigest.Prefix + old.Name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Could not prune release {Revision}; will retry on the next apply", ContentDigest.Prefix + old.Name);
            }
        }
    }

    private List<DirectoryInfo> ReleaseDirsNewestFirst() =>
        new DirectoryInfo(ReleasesDirectory).EnumerateDirectories()
            .Where(d => ContentDigest.IsValid(ContentDigest.Prefix + d.Name))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

    private string? CurrentHex()
    {
        var target = new FileInfo(CurrentLink).LinkTarget;
        var name = target is null ? null : Path.GetFileName(target.TrimEnd('/'));
        return name is not null && ContentDigest.IsValid(ContentDigest.Prefix + name) ? name : null;
    }

    private string ReleaseDir(string hex) => Path.Combine(ReleasesDirectory, hex);

    private string ManifestFile(string hex) => Path.Combine(ReleasesDirectory, hex + ManifestSuffix);

    private void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove {Directory}; Recover will", directory);
        }
    }
}
