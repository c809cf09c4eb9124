using Microsoft.Extensions.DependencyInjection;
using Streaming.AppHost.Infrastructure;

namespace Streaming.IntegrationTests.Model;

/// <summary>
/// The containers mode is the same application as the local mode. Built, not started: no container
/// runtime exists here.
/// </summary>
public sealed class ApplicationModelTests
{
    private static readonly string[] ProjectNames = [ServiceNames.Api, ServiceNames.ProgressWorker, ServiceNames.UserService];
    private static readonly string[] BackingNames = ["postgres", "streamingdb", "redis", "s3", "kafka"];

    [Fact]
    public async Task Containers_mode_uses_pinned_images_for_every_backing_service()
    {
        await using var app = await ModelApp.BuildAsync("containers");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        foreach (var name in new[] { "postgres", "redis", "s3", "kafka" })
        {
            var container = Assert.IsAssignableFrom<ContainerResource>(model.Resources.Single(r => r.Name == name));
            Assert.True(container.TryGetContainerImageName(out var image), $"{name} has no image");
            var tag = image!.Split(':').Last();
            Assert.False(string.IsNullOrEmpty(tag) || tag == "latest" || !image.Contains(':'), $"{name} image '{image}' is not pinned to a tag");
        }
        Assert.Contains(model.Resources, r => r.Name == "s3" && r.TryGetContainerImageName(out var image) && image!.StartsWith("quay.io/minio/minio:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Local_mode_runs_no_container_at_all()
    {
        await using var app = await ModelApp.BuildAsync("local");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r is ContainerResource);
        Assert.All(BackingNames, name => Assert.Contains(model.Resources, r => r.Name == name));
    }

    [Theory]
    [InlineData("--LocalInfra:RedisCluster=false")]
    [InlineData("--LocalInfra:RedisCluster=true")]
    public async Task Both_modes_have_the_same_resources_references_and_project_environment(string redis)
    {
        await using var containers = await ModelApp.BuildAsync("containers", redis);
        await using var local = await ModelApp.BuildAsync("local", redis);

        Assert.Equal(ResourceNames(containers), ResourceNames(local));
        foreach (var project in ProjectNames)
        {
            Assert.Equal(References(containers, project), References(local, project));
            var inContainers = await EnvironmentNamesAsync(containers, project);
            var inLocal = await EnvironmentNamesAsync(local, project);
            Assert.True(inContainers.SequenceEqual(inLocal),
                $"{project}: only in containers mode: {string.Join(", ", inContainers.Except(inLocal))}; only in local mode: {string.Join(", ", inLocal.Except(inContainers))}");
        }
        Assert.Contains("ConnectionStrings__streamingdb", await EnvironmentNamesAsync(local, ServiceNames.Api));
        Assert.Contains("ConnectionStrings__kafka", await EnvironmentNamesAsync(local, ServiceNames.ProgressWorker));
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    public async Task Redis_runs_with_the_configured_memory_limit_and_no_eviction(string mode)
    {
        await using var app = await ModelApp.BuildAsync(mode, "--LocalInfra:RedisMaxMemory=123mb");
        var redis = (IResourceWithArgs)app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "redis");

#pragma warning disable CS0618 // Its replacement needs a running DCP; this resolves the arguments offline.
        var arguments = string.Join(' ', await redis.GetArgumentValuesAsync(DistributedApplicationOperation.Publish));
#pragma warning restore CS0618

        // In containers mode they are part of the shell's "redis-server ..." command line, in local mode separate arguments.
        Assert.Contains("--maxmemory 123mb --maxmemory-policy noeviction", arguments);
    }

    private static string[] ResourceNames(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource)
            .Select(r => r.Name).Order().ToArray();

    private static string[] References(DistributedApplication app, string project) =>
        Project(app, project).Annotations.OfType<ResourceRelationshipAnnotation>()
            .Select(a => $"{a.Type}:{a.Resource.Name}").Distinct().Order().ToArray();

    private static async Task<string[]> EnvironmentNamesAsync(DistributedApplication app, string project)
    {
#pragma warning disable CS0618 // Its replacement needs a running DCP; this resolves the environment a project would get, offline.
        var environment = await ((IResourceWithEnvironment)Project(app, project)).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
        return environment.Keys.Order().ToArray();
    }

    private static IResource Project(DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
}
