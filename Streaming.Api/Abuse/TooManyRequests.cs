using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Streaming.Api.Http;

namespace Streaming.Api.Abuse;

/// <summary>The 429 of every limit: whole seconds in <c>Retry-After</c>, and the same wait in the detail.</summary>
public static class TooManyRequests
{
    public static ProblemHttpResult Problem(HttpResponse response, TimeSpan retryAfter, string title, string reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ProblemResponses.Problem(StatusCodes.Status429TooManyRequests, title, $"{reason} Retry after {seconds} s.");
    }

    public static ProblemHttpResult ForUser(HttpResponse response, UserAction action, RateLimit limit, TimeSpan retryAfter) =>
        Problem(response, retryAfter, $"Too many {Noun(action)}",
            $"This account sent more than {limit.Limit} {Noun(action)} in {limit.Window.TotalSeconds:0} s, across all titles.");

    private static string Noun(UserAction action) => action switch
    {
        UserAction.Progress => "progress updates",
        UserAction.Start => "stream starts",
        _ => "stream stops",
    };
}
