using Amazon.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;
using Streaming.Api.Http;
using Streaming.ServiceDefaults.Security;

namespace Streaming.Api.Dependencies;

public enum Dependency
{
    Database,
    Redis,
    ObjectStorage,
}

/// <summary>
/// The one place that knows how each dependency fails (down, out of retries, too slow for the request's deadline)
/// and how that is answered: 503 problem details naming the dependency and what the client should do.
/// </summary>
public static class DependencyFailures
{
    /// <summary>
    /// Whether <paramref name="exception"/> is <paramref name="dependency"/> failing. With a request context, a
    /// cancellation caused by the request's deadline counts too (one caused by the client leaving does not).
    /// </summary>
    public static bool IsFailureOf(this Exception exception, Dependency dependency, HttpContext? context = null) =>
        (context is not null && exception is OperationCanceledException && RequestDeadline.HasPassed(context))
        || dependency switch
        {
            Dependency.Database => IsDatabaseFailure(exception),
            Dependency.Redis => exception is RedisException or RedisTimeoutException,
            Dependency.ObjectStorage => exception is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException or IOException,
            _ => false,
        };

    /// <summary>
    /// The 503 for a failed dependency. <paramref name="consequence"/> says what did or did not happen to the request
    /// (for example "The final position is saved but the session could not be closed.").
    /// </summary>
    public static ProblemHttpResult Unavailable(HttpContext context, Dependency dependency, Exception exception, string consequence, string action = "Try again shortly.")
    {
        var deadlinePassed = RequestDeadline.HasPassed(context);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyFailures));
        logger.LogError(exception, "{Dependency} unavailable for {Method} {Path} (deadline passed: {DeadlinePassed})",
            dependency, context.Request.Method, PathRedaction.Redact(context.Request.Path.Value ?? ""), deadlinePassed);
        var reason = deadlinePassed
            ? $"{Name(dependency)} did not answer within the request's {context.RequestServices.GetRequiredService<RequestDeadline>().Describe()} deadline."
            : $"{Name(dependency)} is not answering.";
        return ProblemResponses.Problem(StatusCodes.Status503ServiceUnavailable, Title(dependency), $"{consequence} {reason} {action}");
    }

    public static string Title(Dependency dependency) => dependency switch
    {
        Dependency.Database => "Database unavailable",
        Dependency.Redis => "Progress store unavailable",
        _ => "Object storage unavailable",
    };

    private static string Name(Dependency dependency) => dependency switch
    {
        Dependency.Database => "The database",
        Dependency.Redis => "The progress store",
        _ => "The media storage",
    };

    private static bool IsDatabaseFailure(Exception exception) => exception switch
    {
        NpgsqlException or DbUpdateException or TimeoutException => true,
        // EF's retrying strategy gave up: its last failure is inside.
        RetryLimitExceededException => true,
        // EF's "likely due to a transient failure" wrapper around a connection error.
        InvalidOperationException { InnerException: { } inner } => IsDatabaseFailure(inner),
        _ => false,
    };
}
