namespace Streaming.Api.Playback.Credentials;

/// <summary>
/// What a playback credential vouches for: this session of this user may fetch this title's objects until
/// <see cref="ExpiresAtUnixSeconds"/> (the signing window's end, see <see cref="SignatureWindow"/>), as long as the
/// session is not revoked. The text form is made and checked by <see cref="PlaybackCredentialSigner"/>.
/// </summary>
public readonly record struct PlaybackCredential(Guid SessionId, Guid UserId, Guid MovieId, long ExpiresAtUnixSeconds);
