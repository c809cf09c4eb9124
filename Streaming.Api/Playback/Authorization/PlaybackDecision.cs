using Streaming.Api.Dependencies;
using Streaming.Api.Playback.Credentials;

namespace Streaming.Api.Playback.Authorization;

/// <summary>
/// Whether a credential may fetch a title's objects now: allowed (with the credential), refused with a reason of
/// the edge contract (<c>X-Playback-Denied</c>), or unknown because a dependency failed.
/// </summary>
public sealed record PlaybackDecision(PlaybackCredential? Credential, string? DeniedReason, Dependency? FailedDependency = null, Exception? Failure = null)
{
    public const string Invalid = "invalid";
    public const string Expired = "expired";
    public const string WrongTitle = "wrong_title";

    public bool Allowed => Credential is not null && DeniedReason is null && FailedDependency is null;

    public static PlaybackDecision Allow(PlaybackCredential credential) => new(credential, null);

    public static PlaybackDecision Deny(string reason) => new(null, reason);

    public static PlaybackDecision Unavailable(Dependency dependency, Exception failure) => new(null, null, dependency, failure);

    /// <summary>The contract's reason for a credential that failed its own check.</summary>
    public static string ReasonOf(CredentialFailure failure) => failure switch
    {
        CredentialFailure.Expired => Expired,
        CredentialFailure.WrongTitle => WrongTitle,
        _ => Invalid,
    };
}
