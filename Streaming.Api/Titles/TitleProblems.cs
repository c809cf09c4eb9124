using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Http;

namespace Streaming.Api.Titles;

public static class TitleProblems
{
    public static ProblemHttpResult NotFound(Guid movieId) =>
        ProblemResponses.Problem(StatusCodes.Status404NotFound, "Title not found",
            $"There is no title {movieId}: it has no HLS or DASH manifest. Check the movie_id.");
}
