using Microsoft.Extensions.DependencyInjection;
using Streaming.AppHost.Infrastructure;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Model;

/// <summary>
/// Development defaults exist only in Development, and the services run in the AppHost's environment.
/// Built, not started.
/// </summary>
public sealed class EnvironmentModelTests
{
    private static readonly string[] ProjectNames = [ServiceNames.Api, ServiceNames.ProgressWorker, ServiceNames.UserService];
    private static readonly string[] DevelopmentParameters = ["postgres-user", "postgres-password", "s3-access-key", "s3-secret-key", "jwt-secret"];

    [Fact]
    public async Task Outside_development_no_parameter_has_a_value_so_each_is_reported_missing_by_name()
    {
        await using var app = await BuildAsync("Production");

        var parameters = Parameters(app);
        Assert.Superset(DevelopmentParameters.Concat(["jwt-issuer", "jwt-audience", "playback-signing-key"]).ToHashSet(),
            parameters.Select(p => p.Name).ToHashSet());
        foreach (var parameter in parameters)
        {
#pragma warning disable CS0618 // The value as the AppHost resolves it from configuration, without starting the app.
            var missing = Assert.Throws<MissingParameterValueException>(() => parameter.Value);
#pragma warning restore CS0618
            Assert.Contains(parameter.Name, missing.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task In_development_the_parameters_have_their_development_defaults()
    {
        await using var app = await BuildAsync("Development");

        var parameters = Parameters(app).ToDictionary(p => p.Name);
#pragma warning disable CS0618
        Assert.All(DevelopmentParameters, name => Assert.False(string.IsNullOrEmpty(parameters[name].Value), name));
        Assert.Equal(TestTokens.DevelopmentSecret, parameters["jwt-secret"].Value);
#pragma warning restore CS0618
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Development")]
    public async Task Every_service_runs_in_the_apphost_environment(string environment)
    {
        await using var app = await BuildAsync(environment);

        foreach (var project in ProjectNames)
        {
            var variables = await EnvironmentAsync(app, project);
            Assert.Equal(environment, variables["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal(environment, variables["DOTNET_ENVIRONMENT"]);
        }
    }

    private static Task<DistributedApplication> BuildAsync(string environment) => ModelApp.BuildInAsync(environment, "local");

    private static List<ParameterResource> Parameters(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().ToList();

    /// <summary>
    /// The variables the project's callbacks set in run mode, launch profile included, unresolved: values that need a
    /// started app (endpoints, parameters) stay expressions, and only literal strings are compared.
    /// </summary>
    private static async Task<Dictionary<string, object>> EnvironmentAsync(DistributedApplication app, string name)
    {
        var project = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
        var context = new EnvironmentCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), project, []);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return context.EnvironmentVariables;
    }
}
