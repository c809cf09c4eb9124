namespace Streaming.Api.Http;

/// <summary>
/// Answers produced without a handler (routing's 404, 405 and 415, status code pages) carry only a status and
/// a title; this adds a detail that says what to change, as every other problem of the API does.
/// </summary>
public static class ProblemDefaults
{
    public static void AddActionableDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrEmpty(problem.Detail))
        {
            return;
        }
        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read. Send JSON with the fields described at /docs.",
            StatusCodes.Status401Unauthorized => "Send a valid bearer token in the Authorization header.",
            StatusCodes.Status404NotFound => $"There is no endpoint at {request.Path}. The API reference is at /docs.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}. The API reference is at /docs.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than the {JsonBody.MaxBytes} bytes any request of this API needs.",
            StatusCodes.Status415UnsupportedMediaType => $"Send the body as application/json (got '{request.ContentType}').",
            StatusCodes.Status500InternalServerError => "Something went wrong on our side. Try again; if it persists, report the traceId.",
            _ => problem.Title,
        };
    }
}
