using System.Globalization;
using Streaming.Core.Data;

namespace Streaming.AppHost.Infrastructure;

/// <summary>
/// <c>Replicas:&lt;service&gt;=N</c> (default 1) runs N processes of a service. Aspire's proxy keeps the service's one
/// address (8005 for the API with development ports) and spreads connections over the replicas.
/// </summary>
public static class ServiceReplicas
{
    public const string SectionName = "Replicas";

    public static int For(IConfiguration configuration, string service)
    {
        var replicas = configuration.GetValue($"{SectionName}:{service}", 1);
        return replicas >= 1 ? replicas : throw new InvalidOperationException($"{SectionName}:{service} must be at least 1, not {replicas}.");
    }

    /// <summary>
    /// Applies the configured replica count. The replicas share <paramref name="postgresConnections"/> (what one
    /// replica may open by default), so the sum over all of them stays under PostgreSQL's max_connections (100).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(this IResourceBuilder<ProjectResource> project, int postgresConnections)
    {
        var replicas = For(project.ApplicationBuilder.Configuration, project.Resource.Name);
        if (replicas == 1)
        {
            return project;
        }
        var perReplica = Math.Max(MinimumPoolSize, (postgresConnections + replicas - 1) / replicas);
        return project.WithReplicas(replicas)
            .WithEnvironment(StreamingDatabaseRegistration.MaxPoolSizeSetting, perReplica.ToString(CultureInfo.InvariantCulture));
    }

    private const int MinimumPoolSize = 4;
}
