using FuzzTest.Executors;

namespace FuzzTest.Tests.Executors;

public class HangSuspectsTests
{
    [Fact]
    public void Exploration_starts_at_50_ms_and_doubles_up_to_the_full_timeout_as_suspects_finish()
    {
        var suspects = new HangSuspects(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(50), suspects.Exploration);

        Assert.Contains("longer than 50 ms", suspects.Cleared());
        Assert.Equal(TimeSpan.FromMilliseconds(100), suspects.Exploration);
        suspects.Cleared();
        Assert.Contains("now allowed 300 ms", suspects.Cleared());
        Assert.Equal(TimeSpan.FromMilliseconds(300), suspects.Exploration);
    }

    [Fact]
    public void A_timeout_shorter_than_50_ms_is_the_exploration_timeout_too() =>
        Assert.Equal(TimeSpan.FromMilliseconds(20), new HangSuspects(TimeSpan.FromMilliseconds(20)).Exploration);

    [Fact]
    public void Every_suspect_is_confirmed_until_a_hang_is_known_then_only_the_16th_64th_and_256th()
    {
        var suspects = new HangSuspects(TimeSpan.FromSeconds(1));
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(suspects.ShouldConfirm(hangKnown: false)));

        var confirmed = Enumerable.Range(1, 300).Where(_ => suspects.ShouldConfirm(hangKnown: true)).ToList();
        Assert.Equal([16, 64, 256], confirmed);
    }
}
