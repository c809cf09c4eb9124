using Microsoft.AspNetCore.Http.HttpResults;

namespace Streaming.Api.Http;

public static class MovieId
{
    /// <summary>
    /// Parses the route's movie id. The route takes any string (a <c>:guid</c> constraint would answer 404)
    /// so that a malformed id gets a 400 that says what is wrong.
    /// </summary>
    public static bool TryParse(string value, out Guid movieId, out ProblemHttpResult? problem)
    {
        problem = Guid.TryParse(value, out movieId)
            ? null
            : ProblemResponses.Validation("movie_id", $"'movie_id' must be a UUID (got \"{value}\").");
        return problem is null;
    }

    /// <summary>The movie id and the request body of a POST, or the problem with either.</summary>
    public static async Task<(Guid MovieId, TRequest? Request, ProblemHttpResult? Problem)> ReadWithRequestAsync<TRequest>(
        string value, HttpRequest request, CancellationToken cancellationToken)
        where TRequest : class, IJsonRequest<TRequest>
    {
        if (!TryParse(value, out var movieId, out var invalidId))
        {
            return (movieId, null, invalidId);
        }
        var (body, invalidBody) = await JsonBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return (movieId, null, invalidBody);
        }
        return TRequest.Read(body) is { } read ? (movieId, read, null) : (movieId, null, body.Problem());
    }
}
