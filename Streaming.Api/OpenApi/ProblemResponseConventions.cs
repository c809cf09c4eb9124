using Microsoft.AspNetCore.Mvc;

namespace Streaming.Api.OpenApi;

public static class ProblemResponseConventions
{
    /// <summary>
    /// Declares that the route answers <paramref name="statusCode"/> with problem details, and when: the
    /// framework's <c>ProducesProblem</c> without the description readers need.
    /// </summary>
    public static TBuilder ProducesProblemResponse<TBuilder>(this TBuilder builder, int statusCode, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeAttribute(typeof(ProblemDetails), statusCode, "application/problem+json")
        {
            Description = description,
        });

    /// <summary>Every route can answer 400 for a Host that is not one of AllowedHosts (the host filter runs first).</summary>
    public static TBuilder ProducesHostProblem<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblemResponse(StatusCodes.Status400BadRequest, "The Host header is not one of AllowedHosts.");
}
