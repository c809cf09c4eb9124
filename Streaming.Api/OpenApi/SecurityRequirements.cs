using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Streaming.Api.OpenApi;

/// <summary>Marks a route authorised by a session-bound playback credential instead of a bearer token.</summary>
public sealed class PlaybackCredentialMetadata;

/// <summary>
/// Each operation's security, read from the route's own metadata: RequireAuthorization means the bearer token,
/// <see cref="PlaybackCredentialMetadata"/> the playback credential, and AllowAnonymous alone says none is needed.
/// </summary>
public static class SecurityRequirements
{
    public const string Bearer = "Bearer";
    public const string PlaybackCredential = "PlaybackCredential";

    public static TBuilder RequirePlaybackCredential<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new PlaybackCredentialMetadata());

    public static void AddSchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "HS256 token from the auth service; sub = user id. In Development: POST /dev/token on the user service.",
        };
        document.Components.SecuritySchemes[PlaybackCredential] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Original-URI",
            Description = "The session-bound playback credential: a path segment of a stream's manifest_url (/play/{credential}/{movie_id}/... at the edge, /api/v1/playback/{credential}/{movie_id}/... in presigned mode), which the edge passes in X-Original-URI. Valid until its expiry while its session is not revoked.",
        };
    }

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var scheme = metadata.OfType<PlaybackCredentialMetadata>().Any() ? PlaybackCredential
            : metadata.OfType<IAllowAnonymous>().Any() ? null
            : metadata.OfType<IAuthorizeData>().Any() ? Bearer
            : null;
        operation.Security = scheme is null
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
