using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Dependencies;
using Streaming.Api.Http;
using Streaming.Api.OpenApi;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Playback.Delivery;

namespace Streaming.Api.Playback.Authorization;

/// <summary>
/// <c>GET /api/v1/playback/authorize</c>: the edge's <c>auth_request</c> subrequest. The credential in
/// <c>X-Original-URI</c> (<c>/play/{credential}/{movie_id}/{path}</c>) is the authorisation; the answer says whether it
/// may fetch that title's objects now, and how long the edge may reuse the answer (<c>X-Accel-Expires</c>).
/// </summary>
public static class AuthorizeEndpoint
{
    public const string Route = SignedManifestEndpoints.RoutePrefix + "/authorize";
    public const string OriginalUriHeader = "X-Original-URI";
    public const string DeniedHeader = "X-Playback-Denied";

    public static IEndpointRouteBuilder MapPlaybackAuthorization(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, AuthorizeAsync)
            .WithName("AuthorizePlayback")
            .WithTags(ApiTags.Streaming)
            .WithSummary("Authorise an edge request (nginx auth_request)")
            .WithDescription("Called by the edge, not by players. X-Original-URI is the path the player asked the edge for, /play/{credential}/{movie_id}/{path}; the credential in it is the authorisation (no bearer token). 200 (empty): the credential's session may fetch this title's objects now. 403 with X-Playback-Denied: invalid (malformed, tampered or missing credential, or a malformed path), expired, wrong_title (a credential for another title), stopped, stopped_elsewhere, idle_timeout, replaced, subscription_ended (the session was revoked). 503: Redis or PostgreSQL cannot tell now. Every 200/403 carries X-Accel-Expires: seconds the edge may reuse the answer for this credential and title (allowed: at most half of PLAYBACK_REVOCATION_SECONDS; refused: 60). When the user service is down and no answer is cached, playback is allowed (the start checked the subscription).")
            .RequirePlaybackCredential()
            .Produces(StatusCodes.Status200OK)
            .ProducesProblemResponse(StatusCodes.Status403Forbidden, "Refused; X-Playback-Denied says why.")
            .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "Redis or PostgreSQL cannot tell now.");
        return app;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> AuthorizeAsync(
        HttpContext context, PlaybackAuthorizer authorizer, PlaybackDelivery delivery, TimeProvider time, CancellationToken cancellationToken)
    {
        var uri = context.Request.Headers[OriginalUriHeader].ToString();
        var decision = PlaybackPath.TryParseEdgeUri(uri, out var path)
            ? await authorizer.DecideAsync(path.Value.Credential, path.Value.MovieId, cancellationToken)
            : PlaybackDecision.Deny(PlaybackDecision.Invalid);
        return Answer(context, decision, delivery, time);
    }

    /// <summary>The HTTP answer of a decision, with the headers the edge caches by.</summary>
    public static Results<Ok, ProblemHttpResult> Answer(HttpContext context, PlaybackDecision decision, PlaybackDelivery delivery, TimeProvider time)
    {
        if (!decision.Allowed)
        {
            return Refused(context, decision);
        }
        var seconds = AuthorizationCaching.AllowedSeconds(delivery.Revocation, decision.Credential!.Value.ExpiresAtUnixSeconds, time.GetUtcNow());
        context.Response.Headers[AuthorizationCaching.Header] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok();
    }

    /// <summary>The answer of a decision that is not "allowed": 403 with X-Playback-Denied, or 503; shared with the manifest route.</summary>
    public static ProblemHttpResult Refused(HttpContext context, PlaybackDecision decision)
    {
        var headers = context.Response.Headers;
        if (decision.FailedDependency is { } dependency)
        {
            headers[AuthorizationCaching.Header] = "0";
            return DependencyFailures.Unavailable(context, dependency, decision.Failure!, "Playback could not be authorised.");
        }
        headers[AuthorizationCaching.Header] = AuthorizationCaching.RefusalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[DeniedHeader] = decision.DeniedReason;
        return Refusal(decision.DeniedReason!);
    }

    public static ProblemHttpResult Refusal(string reason) => reason switch
    {
        PlaybackDecision.Invalid => ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Invalid playback credential",
            "This playback link is malformed or its credential does not match. Start the stream again (POST /api/v1/stream/{movie_id}) for a fresh manifest_url."),
        PlaybackDecision.Expired => ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Playback link expired",
            "This playback link has expired. Start the stream again (POST /api/v1/stream/{movie_id}) for a fresh manifest_url."),
        PlaybackDecision.WrongTitle => ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Playback link for another title",
            "This playback credential was issued for another title. Start the stream of this title for a manifest_url of its own."),
        _ => ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Stream session ended",
            $"{Core.Sessions.SessionEndReasons.Describe(reason)} ({reason})"),
    };
}
