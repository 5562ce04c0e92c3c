using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Randomness;

public class ScriptedRandomTests
{
    [Fact]
    public void Below_ReturnsScriptedValuesInOrder()
    {
        var random = new ScriptedRandom(2, 0, 7);

        Assert.Equal(2, random.Below(3));
        Assert.Equal(0, random.Below(1));
        Assert.Equal(7, random.Below(8));
        Assert.True(random.IsExhausted);
    }

    [Fact]
    public void Next_ReturnsScriptedValueUnchanged()
    {
        var random = new ScriptedRandom(0x0102030405060708);

        Assert.Equal(0x0102030405060708UL, random.Next());
    }

    [Fact]
    public void Below_WhenValueIsNotBelowBound_ThrowsNamingTheCall()
    {
        var random = new ScriptedRandom(1, 4);
        random.Below(2);

        var error = Assert.Throws<InvalidOperationException>(() => random.Below(4));

        Assert.Contains("Call #2", error.Message);
        Assert.Contains("Below(4)", error.Message);
    }

    [Fact]
    public void Below_WhenScriptRunsOut_Throws()
    {
        var random = new ScriptedRandom(0);
        random.Below(1);

        var error = Assert.Throws<InvalidOperationException>(() => random.Below(5));

        Assert.Contains("run out", error.Message);
    }

    [Fact]
    public void Remaining_CountsUnreadValues()
    {
        var random = new ScriptedRandom(0, 0, 0);
        random.Below(1);

        Assert.Equal(2, random.Remaining);
        Assert.False(random.IsExhausted);
    }
}
