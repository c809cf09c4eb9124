namespace Streaming.Hosting.Postgres;

/// <summary>The containers mode: Aspire's PostgreSQL integration on the image the local mode's major version matches.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>Adds Aspire's PostgreSQL server container, its data in the volume <paramref name="dataVolumeName"/>.</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgresContainer(
        this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource> userName, IResourceBuilder<ParameterResource> password, string dataVolumeName) =>
        builder.AddPostgres(name, userName, password)
            .WithImage(PostgresContainerImageTags.Image, PostgresContainerImageTags.Tag)
            .WithImageRegistry(PostgresContainerImageTags.Registry)
            .WithDataVolume(dataVolumeName);
}
