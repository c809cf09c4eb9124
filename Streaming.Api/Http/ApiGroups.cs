using Streaming.Api.OpenApi;

namespace Streaming.Api.Http;

/// <summary>The authenticated route groups, with the problem responses every route of each can give.</summary>
public static class ApiGroups
{
    public static RouteGroupBuilder MapStreamGroup(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/stream")
        .RequireAuthorization()
        .WithTags(ApiTags.Streaming)
        .ProducesProblemResponse(StatusCodes.Status400BadRequest, "Invalid movie_id or body; the errors member lists each field.")
        .ProducesProblemResponse(StatusCodes.Status401Unauthorized, "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).")
        .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "A dependency needed for the answer is unavailable.");

    public static RouteGroupBuilder MapViewerGroup(this IEndpointRouteBuilder app) => app.MapGroup("/api/v1/me")
        .RequireAuthorization()
        .WithTags(ApiTags.Viewer)
        .ProducesProblemResponse(StatusCodes.Status400BadRequest, "Invalid movie_id, limit or cursor; the errors member lists each field.")
        .ProducesProblemResponse(StatusCodes.Status401Unauthorized, "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).")
        .ProducesProblemResponse(StatusCodes.Status503ServiceUnavailable, "A dependency needed for the answer is unavailable.");
}
