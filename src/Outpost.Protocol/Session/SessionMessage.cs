using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outpost.Protocol.Session;

/// <summary>A message on the session's control channel; the "type" field tells which.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(Welcome), "welcome")]
[JsonDerivedType(typeof(Heartbeat), "heartbeat")]
[JsonDerivedType(typeof(HeartbeatAck), "heartbeat-ack")]
[JsonDerivedType(typeof(DesiredRevision), "desired")]
[JsonDerivedType(typeof(StatusEvents), "events")]
[JsonDerivedType(typeof(EventsAck), "events-ack")]
[JsonDerivedType(typeof(RenewRequest), "renew")]
[JsonDerivedType(typeof(Renewed), "renewed")]
public abstract record SessionMessage;

/// <summary>
/// Agent → hub, first message: what the agent runs and wants, and which optional parts of the protocol it understands
/// (<see cref="SessionFeatures"/>; a hub older than a feature ignores it, a newer hub uses only what the agent lists).
/// </summary>
public sealed record Hello(string AgentVersion, string? AppliedRevision, string? DesiredRevision, IReadOnlyList<string>? Features = null) : SessionMessage
{
    /// <summary>True when the agent listed <paramref name="feature"/>.</summary>
    public bool Supports(string feature) => Features?.Contains(feature, StringComparer.Ordinal) == true;
}

/// <summary>Hub → agent, reply to hello.</summary>
public sealed record Welcome(string SiteId, double HeartbeatSeconds, long LastEventSeq) : SessionMessage;

/// <summary>Agent → hub liveness.</summary>
public sealed record Heartbeat(DateTimeOffset SentAt) : SessionMessage;

/// <summary>
/// Hub → agent, so the agent notices a half-open connection too: the answer to a heartbeat, or unasked when the hub
/// hears the agent's bytes but no heartbeat (they wait behind an upload on a slow link).
/// </summary>
public sealed record HeartbeatAck(DateTimeOffset SentAt) : SessionMessage;

/// <summary>
/// Hub → agent: the site's desired revision and its signed manifest. To an agent whose hello listed
/// <see cref="SessionFeatures.RawFrames"/>, raw frames follow the message on the control channel: the manifest when
/// <see cref="ManifestFollows"/> (the JSON then holds none, which spares a base64 third), then the blobs
/// <see cref="Attached"/> names, in that order, so that a small change arrives whole, without a fetch round trip.
/// The receiving <see cref="MessageChannel"/> reads them, and puts the manifest in <see cref="Manifest"/>. When
/// <see cref="ManifestBase"/> is set (only to an agent that listed <see cref="SessionFeatures.ManifestPatches"/>), the raw
/// frame is a <see cref="Bundles.ManifestPatch"/> against that revision's manifest instead, put in <see cref="ManifestPatchBytes"/>.
/// </summary>
public sealed record DesiredRevision(string Revision, byte[] Manifest, string Signature, IReadOnlyList<string>? Attached = null, bool ManifestFollows = false, string? ManifestBase = null) : SessionMessage
{
    /// <summary>The patch that turns <see cref="ManifestBase"/>'s manifest into this one, as the receiving <see cref="MessageChannel"/> read it.</summary>
    [JsonIgnore]
    public byte[]? ManifestPatchBytes { get; init; }

    /// <summary>The attached blobs' content, as the receiving <see cref="MessageChannel"/> read it (not on the wire as JSON).</summary>
    [JsonIgnore]
    public IReadOnlyList<byte[]> AttachedContent { get; init; } = [];
}

/// <summary>Agent → hub: a batch from the agent's outbox.</summary>
public sealed record StatusEvents(IReadOnlyList<StatusEvent> Events) : SessionMessage;

/// <summary>One status event; Seq is the agent's outbox sequence number, the hub's de-duplication key.</summary>
public sealed record StatusEvent(long Seq, string Kind, DateTimeOffset At, JsonElement Data);

/// <summary>Hub → agent: everything up to Seq is stored.</summary>
public sealed record EventsAck(long UpToSeq) : SessionMessage;

/// <summary>Agent → hub: a CSR for a fresh certificate before the current one expires.</summary>
public sealed record RenewRequest(string CsrPem) : SessionMessage;

/// <summary>Hub → agent: the renewed certificate.</summary>
public sealed record Renewed(string CertificatePem) : SessionMessage;

/// <summary>Source-generated JSON for session messages.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionMessage))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class SessionJsonContext : JsonSerializerContext;
