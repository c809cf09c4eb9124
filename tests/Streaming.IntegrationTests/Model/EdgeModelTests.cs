using System.Text.RegularExpressions;
using Streaming.AppHost.Infrastructure;
using Streaming.Hosting.Edge;

namespace Streaming.IntegrationTests.Model;

/// <summary>The edge in both modes: the same template, every variable of it given, the API pointed at it. Built, not started.</summary>
public sealed partial class EdgeModelTests
{
    [Fact]
    public async Task Containers_mode_runs_the_pinned_nginx_image_on_the_same_template_with_a_read_only_health_check()
    {
        await using var app = await ModelApp.BuildAsync("containers");
        var edge = Assert.IsType<EdgeContainerResource>(ModelApp.Resource(app, ServiceNames.Edge));

        Assert.True(edge.TryGetContainerImageName(out var image));
        Assert.Equal("docker.io/library/nginx:1.27.5", image);
        var mount = Assert.Single(edge.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/etc/nginx/edge");
        Assert.Equal(EdgeBuilderExtensions.ConfigurationDirectory, mount.Source);
        Assert.True(mount.IsReadOnly);
        Assert.True(File.Exists(Path.Combine(mount.Source!, "nginx.conf.template")));
        var endpoint = Assert.Single(edge.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 8080), (endpoint.UriScheme, endpoint.TargetPort!.Value));
        Assert.Single(edge.Annotations.OfType<HealthCheckAnnotation>());

        var environment = await ModelApp.EnvironmentAsync(app, ServiceNames.Edge);
        Assert.Equal("/etc/nginx", environment["NGINX_ENVSUBST_OUTPUT_DIR"]);
        Assert.Equal("/etc/nginx/edge", environment["NGINX_ENVSUBST_TEMPLATE_DIR"]);
        Assert.Equal("/etc/nginx/modules/ngx_http_js_module.so", environment["EDGE_JS_MODULE"]);
        Assert.Equal("8080", environment["EDGE_PORT"]);
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    public async Task Every_template_variable_is_given_to_the_edge_and_the_api_delivers_through_it(string mode)
    {
        await using var app = await ModelApp.BuildAsync(mode);
        var edgeEnvironment = await ModelApp.EnvironmentAsync(app, ServiceNames.Edge);

        var template = await File.ReadAllTextAsync(Path.Combine(EdgeBuilderExtensions.ConfigurationDirectory, "nginx.conf.template"));
        var variables = TemplateVariable().Matches(template).Select(match => match.Groups[1].Value).Distinct().ToList();
        Assert.Contains("API_URL", variables);
        Assert.All(variables, name => Assert.False(string.IsNullOrEmpty(edgeEnvironment.GetValueOrDefault(name)), $"{name} is not given in {mode} mode"));
        Assert.All(["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_REGION"], name => Assert.True(edgeEnvironment.ContainsKey(name), name));
        Assert.Equal("vod", edgeEnvironment["S3_BUCKET"]);

        var apiEnvironment = await ModelApp.EnvironmentAsync(app, ServiceNames.Api);
        Assert.Equal("edge", apiEnvironment["PLAYBACK_DELIVERY"]);
        // Publish mode leaves endpoints as expressions: the edge's own http URL.
        Assert.Equal("{edge.bindings.http.url}", apiEnvironment["EDGE_PUBLIC_URL"]);
        var edge = ModelApp.Resource(app, ServiceNames.Edge);
        Assert.Contains(edge.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "s3");
    }

    [Fact]
    public async Task Local_mode_runs_debians_nginx_through_the_script_that_execs_it_with_state_in_the_data_folder()
    {
        await using var app = await ModelApp.BuildAsync("local");
        var edge = Assert.IsType<LocalEdgeResource>(ModelApp.Resource(app, ServiceNames.Edge));
        var environment = await ModelApp.EnvironmentAsync(app, ServiceNames.Edge);

        Assert.Equal("bash", edge.Command);
        Assert.EndsWith("Edge/run-edge.sh " + edge.WorkingDirectory, await ModelApp.ArgumentsAsync(edge), StringComparison.Ordinal);
        Assert.EndsWith("/edge", edge.WorkingDirectory, StringComparison.Ordinal);
        Assert.Equal(edge.WorkingDirectory, environment["EDGE_STATE_DIR"]);
        Assert.Equal(EdgeBuilderExtensions.ConfigurationDirectory, environment["EDGE_CONFIG_DIR"]);
        Assert.StartsWith(edge.WorkingDirectory, edge.AccessLogPath, StringComparison.Ordinal);
        Assert.Equal("/usr/lib/nginx/modules/ngx_http_js_module.so", environment["EDGE_JS_MODULE"]);
    }

    [GeneratedRegex(@"^[^#\n]*?\$\{([A-Z0-9_]+)\}", RegexOptions.Multiline)]
    private static partial Regex TemplateVariable();
}
