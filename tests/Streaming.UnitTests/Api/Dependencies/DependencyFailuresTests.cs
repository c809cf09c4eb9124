using Amazon.S3;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;
using Streaming.Api.Dependencies;

namespace Streaming.UnitTests.Api.Dependencies;

/// <summary>Which failures answer 503 for which dependency: anything not recognised here would answer 500.</summary>
public sealed class DependencyFailuresTests
{
    private static readonly NpgsqlException ConnectionRefused = new("Failed to connect to 127.0.0.1:5432");

    [Fact]
    public void The_retrying_strategy_giving_up_is_a_database_failure() =>
        Assert.True(new RetryLimitExceededException("The maximum number of retries (6) was exceeded.", ConnectionRefused).IsFailureOf(Dependency.Database));

    [Fact]
    public void Efs_transient_failure_wrapper_is_a_database_failure_but_other_invalid_operations_are_not()
    {
        Assert.True(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", ConnectionRefused).IsFailureOf(Dependency.Database));
        Assert.True(new DbUpdateException("save failed", ConnectionRefused).IsFailureOf(Dependency.Database));
        Assert.False(new InvalidOperationException("Sequence contains more than one element").IsFailureOf(Dependency.Database));
    }

    [Fact]
    public void A_redis_timeout_is_a_redis_failure_though_it_is_not_a_RedisException()
    {
        Assert.True(new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent).IsFailureOf(Dependency.Redis));
        Assert.True(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is available", null, CommandStatus.Unknown).IsFailureOf(Dependency.Redis));
        Assert.False(ConnectionRefused.IsFailureOf(Dependency.Redis));
    }

    [Fact]
    public void S3_errors_are_storage_failures_only() =>
        Assert.True(new AmazonS3Exception("Service Unavailable").IsFailureOf(Dependency.ObjectStorage) && !new AmazonS3Exception("x").IsFailureOf(Dependency.Database));

    [Fact]
    public void A_cancellation_by_the_request_deadline_is_a_failure_of_the_dependency_being_awaited()
    {
        var context = WithDeadline(passed: true);

        Assert.True(new TaskCanceledException().IsFailureOf(Dependency.Database, context));
        Assert.True(new OperationCanceledException().IsFailureOf(Dependency.ObjectStorage, context));
    }

    [Fact]
    public void A_cancellation_because_the_client_left_is_not_a_dependency_failure()
    {
        var context = WithDeadline(passed: false);

        Assert.False(new TaskCanceledException().IsFailureOf(Dependency.Database, context));
        Assert.False(new OperationCanceledException().IsFailureOf(Dependency.ObjectStorage));
    }

    [Theory]
    [InlineData(Dependency.Database, "Database unavailable", "The database")]
    [InlineData(Dependency.Redis, "Progress store unavailable", "The progress store")]
    [InlineData(Dependency.ObjectStorage, "Object storage unavailable", "The media storage")]
    public void A_dependency_that_refuses_answers_503_naming_it_what_happened_and_what_to_do(Dependency dependency, string title, string name)
    {
        var problem = DependencyFailures.Unavailable(WithDeadline(passed: false), dependency, new TimeoutException(),
            "The stream session could not be recorded.", "Repeat the stop shortly.").ProblemDetails;

        Assert.Equal(503, problem.Status);
        Assert.Equal(title, problem.Title);
        Assert.Equal($"The stream session could not be recorded. {name} is not answering. Repeat the stop shortly.", problem.Detail);
    }

    [Fact]
    public void A_dependency_too_slow_for_the_deadline_is_named_with_the_deadline()
    {
        var problem = DependencyFailures.Unavailable(WithDeadline(passed: true), Dependency.Database, new TaskCanceledException(),
            "No recent position is in the progress cache.").ProblemDetails;

        Assert.Equal(503, problem.Status);
        Assert.Equal("No recent position is in the progress cache. The database did not answer within the request's 4 s deadline. Try again shortly.", problem.Detail);
    }

    private static DefaultHttpContext WithDeadline(bool passed)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection()
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .AddSingleton(new RequestDeadline(TimeSpan.FromSeconds(4)))
                .BuildServiceProvider(),
        };
        context.Features.Set<IHttpRequestTimeoutFeature>(new Deadline(new CancellationToken(passed)));
        return context;
    }

    private sealed class Deadline(CancellationToken token) : IHttpRequestTimeoutFeature
    {
        public CancellationToken RequestTimeoutToken => token;

        public void DisableTimeout()
        {
        }
    }
}
