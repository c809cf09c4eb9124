using Streaming.Api.Http;
using Streaming.Api.Progress;

namespace Streaming.UnitTests.Api.Http;

/// <summary>The route takes any movie id so that a malformed one gets a 400 saying what is wrong, not a 404.</summary>
public sealed class MovieIdTests
{
    [Fact]
    public void A_uuid_is_the_movie_id()
    {
        Assert.True(MovieId.TryParse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01", out var movieId, out var problem));
        Assert.Equal(Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01"), movieId);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("5f1b7e9a-8c3d-4e2f-a6b1")]
    public void Anything_else_is_a_400_on_movie_id_quoting_it(string value)
    {
        Assert.False(MovieId.TryParse(value, out _, out var problem));

        Assert.Equal(400, problem!.StatusCode);
        Assert.Equal($"'movie_id' must be a UUID (got \"{value}\").", Assert.Single(JsonBodyTests.Errors(problem)["movie_id"]));
    }

    [Fact]
    public async Task A_post_gives_its_movie_id_and_its_request()
    {
        var (movieId, update, problem) = await MovieId.ReadWithRequestAsync<UpdateProgressRequest>(
            "5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01", JsonBodyTests.Request("""{"position_seconds": 42}""", "application/json"), CancellationToken.None);

        Assert.Equal(Guid.Parse("5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01"), movieId);
        Assert.Equal(new UpdateProgressRequest(42), update);
        Assert.Null(problem);
    }

    [Fact]
    public async Task A_malformed_movie_id_is_the_problem_before_the_body_is_read()
    {
        var request = JsonBodyTests.Request("""{"position_seconds": -1}""", "application/json");

        var (_, update, problem) = await MovieId.ReadWithRequestAsync<UpdateProgressRequest>("not-a-uuid", request, CancellationToken.None);

        Assert.Null(update);
        Assert.Equal(["movie_id"], JsonBodyTests.Errors(problem!).Keys);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task An_invalid_field_is_the_problem_with_each_field_listed()
    {
        var (_, update, problem) = await MovieId.ReadWithRequestAsync<UpdateProgressRequest>(
            "5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01", JsonBodyTests.Request("""{"position_seconds": -1, "session_id": 7}""", "application/json"), CancellationToken.None);

        Assert.Null(update);
        Assert.Equal(["position_seconds", "session_id"], JsonBodyTests.Errors(problem!).Keys.Order());
    }
}
