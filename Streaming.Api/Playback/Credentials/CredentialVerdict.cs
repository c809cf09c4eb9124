namespace Streaming.Api.Playback.Credentials;

/// <summary>The outcome of checking a credential's text: its contents, or why it is refused.</summary>
public enum CredentialFailure
{
    None,
    /// <summary>Malformed, tampered, signed with an unknown key, or missing.</summary>
    Invalid,
    Expired,
    /// <summary>A genuine credential, for another title than the one asked for.</summary>
    WrongTitle,
}

public readonly record struct CredentialVerdict(CredentialFailure Failure, PlaybackCredential Credential)
{
    public bool IsValid => Failure == CredentialFailure.None;
}
