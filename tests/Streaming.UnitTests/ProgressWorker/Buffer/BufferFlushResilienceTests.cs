using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Progress;
using Streaming.ProgressWorker;
using Streaming.ProgressWorker.Buffer;

namespace Streaming.UnitTests.ProgressWorker.Buffer;

/// <summary>
/// A flush that fails in any way is tried again on the next tick: the worker host stops when a background service
/// throws, and with it every drain and relay. StackExchange.Redis let an InvalidOperationException ("Writing is not
/// allowed after writer was completed") out of a command racing Redis's SIGKILL in the fault suite's smoke run, and
/// the whole worker stopped.
/// </summary>
public sealed class BufferFlushResilienceTests
{
    [Fact]
    public async Task Flushing_goes_on_after_the_redis_client_throws_something_other_than_a_redis_exception()
    {
        var database = FakeRedis<IDatabase>.Create(calls => calls == 1
            ? throw new InvalidOperationException("Writing is not allowed after writer was completed.")
            : RedisResult.Create(0L));
        var redis = FakeRedis<IConnectionMultiplexer>.Create(_ => database);
        using var meters = new MeterFactory();
        using var metrics = new ProgressWorkerMetrics(meters);
        using var service = new BufferFlushService(redis, new ProgressLayout(1), metrics,
            Options.Create(new ProgressWorkerOptions { FlushInterval = TimeSpan.FromMilliseconds(20) }), NullLogger<BufferFlushService>.Instance);

        await service.StartAsync(CancellationToken.None);
        var calls = (FakeRedis<IDatabase>)(object)database;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (calls.Calls < 3 && DateTime.UtcNow < deadline && !service.ExecuteTask!.IsCompleted)
        {
            await Task.Delay(20);
        }
        await service.StopAsync(CancellationToken.None);

        Assert.True(calls.Calls >= 3, $"The flush stopped after {calls.Calls} calls; the service ended as {service.ExecuteTask!.Status}.");
    }

    /// <summary>
    /// Answers every method of <typeparamref name="T"/> with what <c>answer</c> returns for the call's number (from
    /// 1), as a completed task where the method is async.
    /// </summary>
    public class FakeRedis<T> : DispatchProxy where T : class
    {
        private Func<int, object> _answer = null!;
        private int _calls;

        public int Calls => _calls;

        public static T Create(Func<int, object> answer)
        {
            var proxy = DispatchProxy.Create<T, FakeRedis<T>>();
            ((FakeRedis<T>)(object)proxy)._answer = answer;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var number = Interlocked.Increment(ref _calls);
            if (method!.ReturnType == typeof(Task<RedisResult>))
            {
                try
                {
                    return Task.FromResult((RedisResult)_answer(number));
                }
                catch (Exception ex)
                {
                    return Task.FromException<RedisResult>(ex);
                }
            }
            return _answer(number);
        }
    }

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(meter => meter.Dispose());
    }
}
