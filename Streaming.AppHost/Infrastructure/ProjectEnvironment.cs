namespace Streaming.AppHost.Infrastructure;

public static class ProjectEnvironment
{
    /// <summary>
    /// Runs the project in the AppHost's own environment. Each project's launch profile says Development (for
    /// `dotnet run` of the project alone), and Aspire applies it; without this, every service started by a production
    /// AppHost would run as Development, with its development token endpoints.
    /// </summary>
    public static IResourceBuilder<ProjectResource> InAppHostEnvironment(this IResourceBuilder<ProjectResource> project)
    {
        var environment = project.ApplicationBuilder.Environment.EnvironmentName;
        return project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
            .WithEnvironment("DOTNET_ENVIRONMENT", environment);
    }
}
