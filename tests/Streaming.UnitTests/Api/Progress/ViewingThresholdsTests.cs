using Streaming.Api.Progress;

namespace Streaming.UnitTests.Api.Progress;

public sealed class ViewingThresholdsTests
{
    private readonly ViewingThresholds _thresholds = new(0.05, 0.9);

    [Fact]
    public void Positions_beyond_the_duration_are_clamped_to_it()
    {
        Assert.Equal(40, ViewingThresholds.Clamp(1800, 40));
        Assert.Equal(20, ViewingThresholds.Clamp(20, 40));
        Assert.Equal(1800, ViewingThresholds.Clamp(1800, null));
    }

    [Theory]
    [InlineData(5, false)]   // 5% exactly: not yet started
    [InlineData(6, true)]
    [InlineData(89, true)]
    [InlineData(90, false)]  // 90%: finished
    public void A_title_is_started_past_5_percent_and_unfinished_below_90(int position, bool inProgress)
    {
        Assert.Equal(inProgress, _thresholds.Started(position, 100) && !_thresholds.Completed(position, 100));
    }

    [Fact]
    public void A_finished_title_resumes_at_zero_so_it_starts_over()
    {
        Assert.True(_thresholds.Completed(36, 40));
        Assert.Equal(0, _thresholds.ResumePosition(36, 40));
        Assert.Equal(0, _thresholds.ResumePosition(40, 40));
        Assert.Equal(20, _thresholds.ResumePosition(20, 40));
        Assert.Equal(0, _thresholds.ResumePosition(1, 40)); // barely started: from the beginning
    }

    [Fact]
    public void Without_a_known_duration_the_position_is_the_resume_point()
    {
        Assert.False(_thresholds.Completed(5000, null));
        Assert.Equal(5000, _thresholds.ResumePosition(5000, null));
    }
}
