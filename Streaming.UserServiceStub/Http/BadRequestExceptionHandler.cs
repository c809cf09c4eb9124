using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Streaming.UserServiceStub.Http;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrongly typed field, a missing body)
/// into a 400 problem details that says what was wrong.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetailsService) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetailsService.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read",
                // The JSON reader's message names the offending field and position; the framework's does not.
                Detail = badRequest.InnerException is JsonException json ? json.Message : badRequest.Message,
            },
        });
    }
}
