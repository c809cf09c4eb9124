using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Streaming.Api.OpenApi;

/// <summary>Marks a route authorised by the signature in its URL (exp and sig) instead of a bearer token.</summary>
public sealed class PlaybackSignatureMetadata;

/// <summary>
/// Each operation's security, read from the route's own metadata: RequireAuthorization means the bearer token,
/// <see cref="PlaybackSignatureMetadata"/> the URL signature, and AllowAnonymous alone says none is needed.
/// </summary>
public static class SecurityRequirements
{
    public const string Bearer = "Bearer";
    public const string PlaybackSignature = "PlaybackSignature";

    public static TBuilder RequirePlaybackSignature<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new PlaybackSignatureMetadata());

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
        document.Components.SecuritySchemes[PlaybackSignature] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "sig",
            Description = "HMAC-SHA256 of the movie id, the path and exp, as given in a stream's manifest_url; valid with its exp until exp passes.",
        };
    }

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var scheme = metadata.OfType<PlaybackSignatureMetadata>().Any() ? PlaybackSignature
            : metadata.OfType<IAllowAnonymous>().Any() ? null
            : metadata.OfType<IAuthorizeData>().Any() ? Bearer
            : null;
        operation.Security = scheme is null
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
