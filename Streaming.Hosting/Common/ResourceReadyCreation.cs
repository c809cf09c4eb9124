namespace Streaming.Hosting.Common;

internal static class ResourceReadyCreation
{
    /// <summary>
    /// Runs <paramref name="create"/> (topics, a bucket, a database) with the resource's connection string once the
    /// resource is ready, as Aspire.Hosting.PostgreSQL creates its databases. Resources that <c>WaitFor</c> this one
    /// wait for the handler to finish, so readiness checks can stay read-only.
    /// </summary>
    public static IResourceBuilder<T> OnReadyCreate<T>(this IResourceBuilder<T> builder, Func<string, CancellationToken, Task> create)
        where T : IResourceWithConnectionString =>
        builder.OnResourceReady(async (resource, _, cancellationToken) =>
            await create(
                await resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"'{resource.Name}' is ready but has no connection string."),
                cancellationToken));
}
