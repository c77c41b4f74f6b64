using Outpost.Hub.Bundles;

namespace Outpost.Hub.GitOps;

/// <summary>Publishes a fleet revision to all its sites at once, as <c>outpost publish --site</c> would.</summary>
public sealed class DirectFleetPublisher(PublishService publish) : IFleetRevisionPublisher
{
    public Task PublishAsync(FleetRevisionInfo revision, string actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        publish.Publish(revision.Revision, revision.Sites, null, actor);
        return Task.CompletedTask;
    }
}
