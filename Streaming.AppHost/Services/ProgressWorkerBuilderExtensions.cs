using Streaming.AppHost.Infrastructure;

namespace Streaming.AppHost.Services;

public static class ProgressWorkerBuilderExtensions
{
    /// <summary>
    /// A progress worker wired to its backing services, as the AppHost runs it and as tests add more replicas of it.
    /// <paramref name="waitForDependencies"/> false is for a standby started by hand while a dependency may be down.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProgressWorker(
        this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<IResourceWithConnectionString> database,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<IResourceWithConnectionString> kafka,
        bool waitForDependencies = true)
    {
        var worker = builder.AddProject<Projects.Streaming_ProgressWorker>(name)
            .InAppHostEnvironment()
            .WithReference(database)
            .WithReference(redis)
            .WithReference(kafka)
            .WithHttpHealthCheck("/health");
        return waitForDependencies ? worker.WaitFor(database).WaitFor(redis).WaitFor(kafka) : worker;
    }
}
