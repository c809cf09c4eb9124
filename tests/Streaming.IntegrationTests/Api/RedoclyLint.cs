using System.Diagnostics;
using System.Text.Json;

namespace Streaming.IntegrationTests.Api;

/// <summary>Redocly CLI from <c>tests/openapi-lint</c> (pinned by its package-lock.json, installed by <c>scripts/install-prerequisites.sh --tests</c>).</summary>
public static class RedoclyLint
{
    public sealed record Result(int Errors, int Warnings, string Problems);

    /// <summary>Lints an OpenAPI document with Redocly's recommended ruleset.</summary>
    public static async Task<Result> RecommendedAsync(string document)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "openapi-lint");
        var cli = Path.Combine(folder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(cli), $"{cli} is missing: run scripts/install-prerequisites.sh --tests (npm ci in {folder}).");
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo(cli)
            {
                ArgumentList = { "lint", "--extends=recommended", "--format=json", file },
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await process.WaitForExitAsync(deadline.Token);
            return Parse(await output, await errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Result Parse(string output, string stderr)
    {
        JsonElement report;
        try
        {
            report = JsonDocument.Parse(output).RootElement;
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"redocly printed no JSON report.\nstdout: {output}\nstderr: {stderr}");
        }
        var totals = report.GetProperty("totals");
        var problems = report.GetProperty("problems").EnumerateArray().Select(p =>
            $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at "
            + $"{p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}");
        return new Result(totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), string.Join('\n', problems));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Streaming.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Streaming.sln above {AppContext.BaseDirectory}.");
    }
}
