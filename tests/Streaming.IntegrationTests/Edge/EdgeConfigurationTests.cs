using System.Diagnostics;
using Streaming.Hosting.Edge;

namespace Streaming.IntegrationTests.Edge;

/// <summary>The template, rendered as run-edge.sh (and the image's entrypoint) renders it, is a configuration nginx accepts.</summary>
public sealed class EdgeConfigurationTests
{
    [Fact]
    public async Task The_rendered_template_passes_nginx_configuration_test_with_its_javascript()
    {
        var state = Directory.CreateTempSubdirectory("streaming-edge-config-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["EDGE_JS_MODULE"] = "/usr/lib/nginx/modules/ngx_http_js_module.so",
            ["EDGE_USER"] = Environment.UserName,
            ["EDGE_STATE_DIR"] = state,
            ["EDGE_CONFIG_DIR"] = EdgeBuilderExtensions.ConfigurationDirectory,
            ["EDGE_LOG_DIR"] = Path.Combine(state, "logs"),
            ["EDGE_LISTEN_HOST"] = "127.0.0.1",
            ["EDGE_PORT"] = "1",
            ["EDGE_CACHE_MAX_SIZE"] = "1g",
            ["API_URL"] = "http://127.0.0.1:2",
            ["S3_HOST"] = "127.0.0.1:3",
            ["S3_BUCKET"] = "vod",
        };
        try
        {
            // The script's own rendering, then nginx -t instead of running the server: it loads njs and compiles edge.js.
            var (exitCode, output) = await RunAsync("bash",
                [Path.Combine(EdgeBuilderExtensions.ConfigurationDirectory, "run-edge.sh"), state, "--check"], environment);

            Assert.True(exitCode == 0, output);
            Assert.Contains("test is successful", output, StringComparison.Ordinal);
            var rendered = await File.ReadAllTextAsync(Path.Combine(state, "nginx.conf"));
            Assert.DoesNotContain("${", rendered, StringComparison.Ordinal);
            Assert.Contains("listen 127.0.0.1:1;", rendered, StringComparison.Ordinal);
            Assert.Contains("$upstream_cache_status", rendered, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
