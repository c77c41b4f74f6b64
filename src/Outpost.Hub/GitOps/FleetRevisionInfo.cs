namespace Outpost.Hub.GitOps;

/// <summary>A revision the follower published: its digest, its name (commit + bundle hash) and the sites given it.</summary>
public sealed record FleetRevisionInfo(string Revision, string Name, string Commit, string ContentHash, IReadOnlyList<string> Sites)
{
    /// <summary>"fleet@&lt;commit 12&gt;+&lt;content hash 12&gt;": says where a revision came from at a glance.</summary>
    public static string NameOf(string commit, string contentHash) => $"fleet@{commit[..Math.Min(12, commit.Length)]}+{contentHash[..Math.Min(12, contentHash.Length)]}";
}
