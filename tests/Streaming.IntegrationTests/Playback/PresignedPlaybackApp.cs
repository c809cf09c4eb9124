using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Playback;

/// <summary>
/// The sample title delivered presigned (PLAYBACK_DELIVERY=presigned): the API rewrites manifests with segment URLs
/// presigned for S3. The tests of that mode's own guarantees run here; players' default path is the edge
/// (<see cref="PlaybackApp"/>).
/// </summary>
public sealed class PresignedPlaybackApp : PlaybackApp
{
    protected override bool UsesBrowser => false;

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api).DeliveringPresigned();
    }
}

[CollectionDefinition(Name)]
public sealed class PresignedPlaybackCollection : ICollectionFixture<PresignedPlaybackApp>
{
    public const string Name = "playback-presigned";
}
