using Microsoft.Extensions.DependencyInjection;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Model;

/// <summary>An AppHost started outside Development without its parameters runs no service at all.</summary>
public sealed class ProductionStartTests
{
    [Fact]
    public async Task Started_outside_development_without_parameters_no_service_runs_and_each_parameter_is_reported()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-production-{Guid.NewGuid():N}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Streaming_AppHost>(
            ["--Infra=local", "--LocalInfra:DevPorts=false", $"--LocalInfra:DataDirectory={dataDirectory}", "--DcpPublisher:WaitForResourceCleanup=false"],
            (options, settings) =>
            {
                options.DisableDashboard = true;
                settings.EnvironmentName = "Production";
            });
        await using var app = await builder.BuildAsync();
        var services = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Select(p => p.Name).ToList();
        var parameters = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Select(p => p.Name).ToList();

        // The start waits for the missing values (Aspire asks for them) and never completes by itself.
        using var starting = new CancellationTokenSource();
        var start = app.StartAsync(starting.Token);
        // Every parameter is reported missing and every service waits for what it needs, or failed to start without it:
        // states a service leaves only when given its values, rather than a time after which it would have started.
        string? StateOf(string resource) => app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot.State?.Text : null;
        await Eventually.ValueAsync(
            () => Task.FromResult((
                Held: parameters.All(p => StateOf(p) == "ValueMissing") && services.All(s => StateOf(s) == KnownResourceStates.Waiting || StateOf(s) == KnownResourceStates.FailedToStart),
                States: string.Join(", ", services.Concat(parameters).Select(r => $"{r}: {StateOf(r)}")))),
            seen => seen.Held, "every parameter is missing and every service waits or failed to start");
        Assert.False(start.IsCompletedSuccessfully, "The app started without its parameters.");

        foreach (var parameter in parameters)
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(parameter, out var state), parameter);
            // What the dashboard shows beside the parameter's name, with a prompt for its value.
            Assert.True(state.Snapshot.State?.Text == "ValueMissing", $"{parameter}: {state.Snapshot.State?.Text}");
        }
        foreach (var service in services)
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(service, out var state), service);
            Assert.True(state.Snapshot.State?.Text is not ("Running" or "Starting"), $"{service} is {state.Snapshot.State?.Text}");
        }
        await starting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
    }
}
