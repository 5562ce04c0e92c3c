using System.Net;
using FuzzTest.Sessions;

namespace FuzzTest.Tests.Sessions;

public class ShareSettingsTests
{
    private const string Secret = "0123456789abcdef";

    [Fact]
    public void Unset_SharesWithTheSessionsOwnWorkersOnly()
    {
        var share = ShareSettings.From(_ => null);

        Assert.False(share.IsSet);
        Assert.Null(share.BrokerPort);
        Assert.Null(share.Listen);
        Assert.Empty(share.Connect);
    }

    [Fact]
    public void APortAloneListensOnLoopback_AnAddressIsTakenAsGiven()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7878), Read(("FUZZTEST_BROKER_LISTEN", "7878"), ("FUZZTEST_BROKER_SECRET", Secret)).Listen);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 7878), Read(("FUZZTEST_BROKER_LISTEN", "0.0.0.0:7878"), ("FUZZTEST_BROKER_SECRET", Secret)).Listen);
    }

    [Fact]
    public void SeveralBrokersToLinkTo_AreSeparatedByCommas()
    {
        var share = Read(("FUZZTEST_BROKER_CONNECT", "box-2:7878, [::1]:9000"), ("FUZZTEST_BROKER_SECRET", Secret));

        Assert.Equal([("box-2", 7878), ("::1", 9000)], share.Connect);
        Assert.Equal(Secret, System.Text.Encoding.UTF8.GetString(share.Secret.Span));
        Assert.True(share.IsSet);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    public void LinksWithoutALongEnoughSecret_AreRefused(string? secret)
    {
        var error = Assert.Throws<FormatException>(() => Read(("FUZZTEST_BROKER_CONNECT", "box-2:7878"), ("FUZZTEST_BROKER_SECRET", secret)));

        Assert.Contains("FUZZTEST_BROKER_SECRET", error.Message);
        Assert.Contains("at least 16 characters", error.Message);
    }

    [Theory]
    [InlineData("FUZZTEST_BROKER_PORT", "0")]
    [InlineData("FUZZTEST_BROKER_PORT", "70000")]
    [InlineData("FUZZTEST_BROKER_LISTEN", "here")]
    [InlineData("FUZZTEST_BROKER_CONNECT", "box-2")]
    [InlineData("FUZZTEST_BROKER_CONNECT", "box-2:port")]
    [InlineData("FUZZTEST_BROKER_CONNECT", "fe80::1")]
    [InlineData("FUZZTEST_BROKER_CONNECT", "http://box-2:7878")]
    [InlineData("FUZZTEST_BROKER_CONNECT", "[nonsense]:7878")]
    public void BadValues_AreRefused_NamingTheVariable(string variable, string value)
    {
        var error = Assert.Throws<FormatException>(() => Read((variable, value), ("FUZZTEST_BROKER_SECRET", Secret)));

        Assert.StartsWith(variable, error.Message);
    }

    private static ShareSettings Read(params (string Name, string? Value)[] variables) =>
        ShareSettings.From(name => variables.FirstOrDefault(v => v.Name == name).Value);
}
