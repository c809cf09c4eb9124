using Streaming.Api.OpenApi;

namespace Streaming.Api.Http;

/// <summary>The authenticated route groups, with the problem responses every route of each can give.</summary>
public static class ApiGroups
{
    public static RouteGroupBuilder MapStreamGroup(this IEndpointRouteBuilder app) =>
        Authenticated(app.MapGroup("/api/v1/stream"), ApiTags.Streaming, "Invalid movie_id or body; the errors member lists each field.");

    public static RouteGroupBuilder MapViewerGroup(this IEndpointRouteBuilder app) =>
        Authenticated(app.MapGroup("/api/v1/me"), ApiTags.Viewer, "Invalid movie_id, limit or cursor; the errors member lists each field.");

    private static RouteGroupBuilder Authenticated(RouteGroupBuilder group, string tag, string badRequest) => group
        .RequireAuthorization()
        .WithTags(tag)
        .ProducesProblemResponse(StatusCodes.Status400BadRequest, badRequest)
        .ProducesProblemResponse(StatusCodes.Status401Unauthorized, "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).")
        .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "A dependency needed for the answer is unavailable.");
}
