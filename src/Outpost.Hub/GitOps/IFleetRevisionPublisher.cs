namespace Outpost.Hub.GitOps;

/// <summary>The one step that makes a fleet revision desired for its sites; replace it in DI to route fleet changes through rollouts (waves).</summary>
public interface IFleetRevisionPublisher
{
    /// <summary>Makes <paramref name="revision"/> desired for <see cref="FleetRevisionInfo.Sites"/>; throws when that cannot be done.</summary>
    Task PublishAsync(FleetRevisionInfo revision, string actor, CancellationToken cancellationToken);
}
