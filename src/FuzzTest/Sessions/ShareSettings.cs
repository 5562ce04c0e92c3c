using System.Globalization;
using System.Net;
using System.Text;

namespace FuzzTest.Sessions;

/// <summary>
/// Where a session's workers share inputs beyond their own broker: a broker port agreed with
/// other sessions on this machine, and links to brokers on other machines. Off unless set.
/// </summary>
internal sealed record ShareSettings
{
    /// <summary>
    /// Environment variable: the port of the LLMP broker on 127.0.0.1. The first session to bind
    /// it hosts the broker; a session started while it is held sends its workers to that broker.
    /// Unset: each session has a broker of its own on a free port.
    /// </summary>
    public const string BrokerPortVariable = "FUZZTEST_BROKER_PORT";

    /// <summary>Environment variable: accept links from brokers on other machines here ("port" on 127.0.0.1, or "address:port").</summary>
    public const string ListenVariable = "FUZZTEST_BROKER_LISTEN";

    /// <summary>Environment variable: link this session's broker to other brokers ("host:port", comma-separated).</summary>
    public const string ConnectVariable = "FUZZTEST_BROKER_CONNECT";

    /// <summary>Environment variable: the secret every linked broker must prove it knows.</summary>
    public const string SecretVariable = "FUZZTEST_BROKER_SECRET";

    /// <summary>Shortest secret accepted: 16 characters, 128 bits if random, out of reach of guessing over a network.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The agreed broker port, or null for a broker of the session's own.</summary>
    public int? BrokerPort { get; init; }

    /// <summary>Where to accept links from other brokers, or null for none.</summary>
    public IPEndPoint? Listen { get; init; }

    /// <summary>Brokers to link to.</summary>
    public IReadOnlyList<(string Host, int Port)> Connect { get; init; } = [];

    /// <summary>The shared secret of broker links (UTF-8), or empty when there are none.</summary>
    public ReadOnlyMemory<byte> Secret { get; init; }

    /// <summary>True when anything here asks for sharing beyond the session's own workers.</summary>
    public bool IsSet => BrokerPort is not null || Listen is not null || Connect.Count > 0;

    /// <summary>Reads the settings through <paramref name="get"/> (trimmed value, or null when unset).</summary>
    /// <exception cref="FormatException">A value cannot be understood, or links are asked for without a secret.</exception>
    public static ShareSettings From(Func<string, string?> get)
    {
        var settings = new ShareSettings
        {
            BrokerPort = get(BrokerPortVariable) is { } p ? ParsePort(BrokerPortVariable, p, p) : null,
            Listen = get(ListenVariable) is { } l ? ParseListen(l) : null,
            Connect = get(ConnectVariable) is { } c ? [.. c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseConnect)] : [],
        };
        if (settings.Listen is null && settings.Connect.Count == 0)
        {
            return settings;
        }

        var secret = get(SecretVariable);
        if (secret is null || secret.Length < MinSecretLength)
        {
            throw new FormatException(
                $"{ListenVariable} and {ConnectVariable} link brokers whose inputs are executed here, so they need {SecretVariable}: " +
                $"a shared secret of at least {MinSecretLength} characters, the same on every machine (e.g. the output of `openssl rand -hex 16`).");
        }

        return settings with { Secret = Encoding.UTF8.GetBytes(secret) };
    }

    private static IPEndPoint ParseListen(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return new IPEndPoint(IPAddress.Loopback, ParsePort(ListenVariable, text, text));
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
            ? endpoint
            : throw new FormatException($"{ListenVariable}='{text}' is not a port or address:port. Use e.g. 7878 (127.0.0.1 only) or 0.0.0.0:7878 (every interface).");
    }

    private static (string Host, int Port) ParseConnect(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon <= 0 ? "" : text[..colon];
        var bracketed = host.Length > 2 && host[0] == '[' && host[^1] == ']';

        // An IPv6 address needs its brackets, or its last group would be read as the port.
        if (host.Length == 0 || host.Contains('/') || (!bracketed && host.Contains(':')) || (bracketed && !IPAddress.TryParse(host[1..^1], out _)))
        {
            throw new FormatException($"{ConnectVariable}: '{text}' is not host:port. Use e.g. fuzz-box-2:7878 or [fd00::2]:7878 (several separated by commas).");
        }

        return (bracketed ? host[1..^1] : host, ParsePort(ConnectVariable, text[(colon + 1)..], text));
    }

    private static int ParsePort(string variable, string port, string whole) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 65535
            ? n
            : throw new FormatException($"{variable}: '{whole}' has no valid port. Use a port from 1 to 65535, e.g. 7878.");
}
