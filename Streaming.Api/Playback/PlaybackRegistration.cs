using Streaming.Api.Playback.Authorization;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Playback.Delivery;
using Streaming.Api.Storage;
using Streaming.Api.Storage.Ingest;

namespace Streaming.Api.Playback;

public static class PlaybackRegistration
{
    public static IServiceCollection AddPlayback(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var signing = PlaybackSigningOptions.From(configuration, environment);
        services.AddSingleton(signing);
        services.AddSingleton(provider => new PlaybackCredentialSigner(signing.ManifestKey, signing.PreviousManifestKey, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(PlaybackDelivery.From(configuration));
        services.AddSingleton<PlaybackAuthorizer>();
        services.AddSingleton(PublicBaseUrl.From(configuration));
        services.AddSingleton(S3Options.From(configuration));
        services.AddSingleton<MediaStorage>();
        services.AddSingleton<RewrittenManifestCache>();
        services.AddSingleton<MediaFolderUploader>();

        var sample = SampleTitleOptions.From(configuration, environment);
        services.AddSingleton(sample);
        if (sample.Enabled)
        {
            services.AddHostedService<SampleTitleSeeder>();
        }
        return services;
    }
}
