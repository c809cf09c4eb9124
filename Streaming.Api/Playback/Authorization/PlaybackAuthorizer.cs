using StackExchange.Redis;
using Streaming.Api.Dependencies;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Sessions;
using Streaming.Api.Subscriptions;
using Streaming.Core.Sessions;

namespace Streaming.Api.Playback.Authorization;

/// <summary>
/// The one check behind the edge's authorisation route and the presigned-mode manifest route: the credential (MAC,
/// expiry, title), then whether its session may still play (the started-session marker: <c>"1"</c> or an end reason;
/// when Redis lost it, PostgreSQL decides and the marker is restored), then the subscription (the cached answer of
/// <see cref="SubscriptionChecker"/>; asked when nothing is cached). An inactive subscription revokes the session
/// (<c>subscription_ended</c>). When the user service cannot answer and nothing is cached, playback goes on: the
/// start checked the subscription, and a user-service outage must not stop every viewer (degraded mode).
/// The allowed path costs one HMAC and one Redis round trip (marker and cached subscription read in one batch).
/// </summary>
public sealed class PlaybackAuthorizer(
    PlaybackCredentialSigner signer, IConnectionMultiplexer redis, SessionRevocation revocation, SubscriptionChecker subscriptions,
    IServiceScopeFactory scopes, ILogger<PlaybackAuthorizer> logger)
{
    public async Task<PlaybackDecision> DecideAsync(string? credentialText, Guid movieId, CancellationToken cancellationToken)
    {
        var verdict = signer.Verify(credentialText, movieId);
        if (!verdict.IsValid)
        {
            return PlaybackDecision.Deny(PlaybackDecision.ReasonOf(verdict.Failure));
        }
        var credential = verdict.Credential;
        RedisValue marker, cachedSubscription;
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var markerRead = batch.StringGetAsync(revocation.MarkerKey(credential.UserId, credential.MovieId, credential.SessionId));
            var subscriptionRead = batch.StringGetAsync(SubscriptionChecker.CacheKey(credential.UserId));
            batch.Execute();
            (marker, cachedSubscription) = (await markerRead, await subscriptionRead);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Redis))
        {
            return PlaybackDecision.Unavailable(Dependency.Redis, ex);
        }

        string state;
        try
        {
            state = marker.HasValue ? marker.ToString() : await RestoreMarkerAsync(credential, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database) || ex.IsFailureOf(Dependency.Redis))
        {
            return PlaybackDecision.Unavailable(ex.IsFailureOf(Dependency.Redis) ? Dependency.Redis : Dependency.Database, ex);
        }
        if (state != SessionEndReasons.PlayingMarker)
        {
            return PlaybackDecision.Deny(SessionEndReasons.Normalise(state));
        }

        var subscription = cachedSubscription.HasValue
            ? SubscriptionCheck.FromCache(cachedSubscription.ToString())
            : await subscriptions.AskAsync(credential.UserId, cancellationToken);
        if (subscription.Status != SubscriptionStatus.Inactive)
        {
            return PlaybackDecision.Allow(credential);
        }
        try
        {
            await EndForLapsedSubscriptionAsync(credential, cancellationToken);
        }
        catch (Exception ex) when (ex.IsFailureOf(Dependency.Database) || ex.IsFailureOf(Dependency.Redis))
        {
            // Refused all the same; a session the database could not close is closed by the idle reaper later.
            logger.LogWarning(ex, "Could not end session {SessionId} after its subscription lapsed", credential.SessionId);
        }
        return PlaybackDecision.Deny(SessionEndReasons.SubscriptionEnded);
    }

    /// <summary>Redis lost the marker: PostgreSQL says whether the session is open, and the marker is written back.</summary>
    private async Task<string> RestoreMarkerAsync(PlaybackCredential credential, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<StreamSessionStore>();
        var session = await sessions.FindAsync(credential.UserId, credential.MovieId, credential.SessionId, cancellationToken);
        var state = session is { EndedAt: null } ? SessionEndReasons.PlayingMarker : SessionEndReasons.Normalise(session?.EndReason);
        // NX: a revocation written meanwhile wins over what was read before it.
        await redis.GetDatabase().StringSetAsync(revocation.MarkerKey(credential.UserId, credential.MovieId, credential.SessionId),
            state, revocation.MarkerTtl, When.NotExists);
        return state;
    }

    private async Task EndForLapsedSubscriptionAsync(PlaybackCredential credential, CancellationToken cancellationToken)
    {
        await revocation.RevokeAsync(credential.UserId, credential.MovieId, credential.SessionId, SessionEndReasons.SubscriptionEnded);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StreamSessionStore>()
            .EndAsync(credential.UserId, credential.MovieId, credential.SessionId, SessionEndReasons.SubscriptionEnded, cancellationToken);
    }
}
