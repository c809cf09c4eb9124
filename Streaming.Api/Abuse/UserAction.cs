namespace Streaming.Api.Abuse;

/// <summary>What a per-user limit counts; the name is part of the Redis key.</summary>
public enum UserAction
{
    Progress,
    Start,
    Stop,
}
