using Streaming.Api.Http;

namespace Streaming.UnitTests.Http;

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
}
