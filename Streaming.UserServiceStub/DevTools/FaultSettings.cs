namespace Streaming.UserServiceStub.DevTools;

/// <summary>
/// How the subscription endpoint misbehaves: <c>{"latency_ms", "failure_status"}</c>, both the body of
/// <c>PUT /dev/faults</c> and its answer. A missing field means "no such fault".
/// </summary>
/// <param name="LatencyMs">Delay before answering, in milliseconds.</param>
/// <param name="FailureStatus">Status code to answer with instead of the subscription, e.g. 500 or 503.</param>
public sealed record FaultSettings(int LatencyMs = 0, int? FailureStatus = null)
{
    public static readonly FaultSettings None = new();

    // Well beyond the API's 5 s default timeout, short enough that a forgotten fault cannot hang a test run.
    public const int MaxLatencyMs = 120_000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (LatencyMs is < 0 or > MaxLatencyMs)
        {
            errors["latency_ms"] = [$"Must be between 0 and {MaxLatencyMs}."];
        }
        if (FailureStatus is < 400 or > 599)
        {
            errors["failure_status"] = ["Must be an error status between 400 and 599, or null for none."];
        }
        return errors;
    }
}
