using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streaming.Core.Kafka;

/// <summary>
/// Owns the producer and replaces it after a fatal error. An idempotent producer that hits one (an out-of-order
/// sequence, a fenced producer epoch) fails every later message, so it is rebuilt: the dead one's in-flight
/// messages are reported failed (the outbox or buffer sends them again, with the same event id) and the
/// fatal state is reported by the health check until the new producer has delivered a message.
/// </summary>
public sealed class KafkaProducerHolder : IDisposable
{
    private readonly Func<KafkaProducerHolder, IProducer<string, string>> _build;
    private readonly KafkaTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ProducerGeneration _current;
    private volatile FatalProducerError? _unconfirmedFatal;
    private bool _disposed;

    /// <param name="build">Builds a producer that reports its errors to <see cref="OnError"/>.</param>
    public KafkaProducerHolder(Func<KafkaProducerHolder, IProducer<string, string>> build, KafkaTelemetry telemetry, ILogger<KafkaProducerHolder> logger)
    {
        _build = build;
        _telemetry = telemetry;
        _logger = logger;
        _current = new ProducerGeneration(build(this), 1);
    }

    /// <summary>The producer to use now, with a token that fires if it dies.</summary>
    public ProducerGeneration Current
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_current.IsDead)
                {
                    // The rebuild after the fatal error failed: try again.
                    Replace();
                }
                return _current;
            }
        }
    }

    /// <summary>The last fatal error, while no producer built since has delivered a message; null when healthy.</summary>
    public FatalProducerError? UnconfirmedFatalError => _unconfirmedFatal;

    /// <summary>The producer's error handler. Non-fatal errors are transient and librdkafka retries them itself.</summary>
    public void OnError(IProducer<string, string> producer, Error error)
    {
        if (!error.IsFatal)
        {
            return;
        }
        ProducerGeneration dead;
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(producer, _current.Producer) || _current.IsDead)
            {
                return; // an earlier producer, already replaced
            }
            dead = _current;
            _unconfirmedFatal = new FatalProducerError(error.Code, error.Reason, DateTimeOffset.UtcNow);
            _logger.LogError("Kafka producer fatal error {Code}: {Reason}; building a new producer", error.Code, error.Reason);
            Replace();
        }
        // Outside the lock: waiters on the dead producer's messages resume (reported failed) from here.
        dead.Kill();
    }

    /// <summary>Called for every acknowledged message: the first one of a rebuilt producer clears the fatal state.</summary>
    public void Delivered(ProducerGeneration generation)
    {
        if (_unconfirmedFatal is not null && ReferenceEquals(generation, _current) && !generation.IsDead)
        {
            _unconfirmedFatal = null;
            _logger.LogInformation("Kafka producer #{Generation} delivers again after the fatal error", generation.Number);
        }
    }

    private void Replace()
    {
        var dead = _current;
        try
        {
            _current = new ProducerGeneration(_build(this), dead.Number + 1);
            _telemetry.ProducerRebuilds.Add(1);
        }
        catch (Exception ex) when (ex is KafkaException or ArgumentException or InvalidOperationException)
        {
            _logger.LogError(ex, "Could not build a new Kafka producer; trying again on the next message");
            return;
        }
        // Not on the caller's thread: the error handler runs on the dead producer's poll thread, which Dispose joins.
        _ = Task.Run(() =>
        {
            try
            {
                dead.Producer.Dispose();
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Disposing the dead Kafka producer failed");
            }
        });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _current.Kill();
        _current.Producer.Dispose();
    }
}

/// <summary>One producer instance; <see cref="Dead"/> fires when it is replaced after a fatal error.</summary>
public sealed class ProducerGeneration(IProducer<string, string> producer, int number)
{
    private readonly CancellationTokenSource _dead = new();

    public IProducer<string, string> Producer { get; } = producer;
    public int Number { get; } = number;
    public CancellationToken Dead => _dead.Token;
    public bool IsDead => _dead.IsCancellationRequested;

    internal void Kill() => _dead.Cancel();
}

public sealed record FatalProducerError(ErrorCode Code, string Reason, DateTimeOffset At);
