using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Streaming.Api.OpenApi;

public static class StreamingOpenApiDocument
{
    /// <summary>Title, the bearer scheme, and the problem responses every streaming endpoint can give.</summary>
    public static OpenApiOptions AddStreamingDocument(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Streaming API",
                Version = "v1",
                Description = "Start a stream (signed manifest URL), report and resume watch progress, stop. Errors are RFC 9457 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "HS256 token from the auth service; sub = user id. In Development: POST /dev/token on the user service.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = context.Description.RelativePath ?? "";
            if (!path.StartsWith("api/v1/stream", StringComparison.Ordinal) && !path.StartsWith("api/v1/me/", StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
            operation.Responses ??= new OpenApiResponses();
            foreach (var (status, description) in ProblemStatuses(path, context.Description.HttpMethod))
            {
                operation.Responses.TryAdd(status, new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
                });
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private static IEnumerable<(string Status, string Description)> ProblemStatuses(string path, string? method)
    {
        yield return ("400", "Invalid movie_id, query or body; the errors member lists each field.");
        yield return ("401", "Missing, malformed, expired or wrongly signed token (see WWW-Authenticate).");
        var start = path == "api/v1/stream/{movie_id}";
        var progress = path.EndsWith("/progress", StringComparison.Ordinal);
        var stop = path.EndsWith("/stop", StringComparison.Ordinal);
        if (start)
        {
            yield return ("403", "No active subscription.");
            yield return ("404", "Manifest not found.");
            yield return ("409", "Too many streams: the plan's max_streams live sessions are playing; live_sessions lists them (session_id, movie_id, started_at, user_agent).");
            yield return ("429", "More than START_RATE_LIMIT starts from this user in the window; see Retry-After.");
        }
        if (progress && method == "POST")
        {
            yield return ("404", "The title does not exist.");
            yield return ("429", "Progress reported too often for this title, or by this user across all titles; see Retry-After.");
        }
        if (progress && method == "GET")
        {
            yield return ("404", "The user never watched the title.");
        }
        if (stop)
        {
            yield return ("404", "The title does not exist, or session_id is not the caller's open session of it.");
            yield return ("429", "More than STOP_RATE_LIMIT stops from this user in the window; see Retry-After.");
        }
        if (path.StartsWith("api/v1/me/continue-watching/", StringComparison.Ordinal))
        {
            yield return ("404", "The user never watched the title.");
        }
        yield return ("503", "A dependency needed for the answer is unavailable.");
    }
}
