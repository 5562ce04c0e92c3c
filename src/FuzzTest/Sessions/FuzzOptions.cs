namespace FuzzTest.Sessions;

/// <summary>Per-method options, from the [Fuzz] attribute of whichever test framework.</summary>
internal sealed record FuzzOptions
{
    /// <summary>Default largest input, in bytes (libFuzzer's -max_len default is 4096 too).</summary>
    public const int DefaultMaxLength = 4096;

    /// <summary>Largest MaxLength accepted: 16 MiB, far beyond what mutation explores usefully.</summary>
    public const int LargestMaxLength = 16 << 20;

    /// <summary>Default per-input timeout; a run this long is a hang (Go's worker uses 10 s as well).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Largest input the fuzzer generates, in bytes.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>How long one input may run.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The attribute's dictionary file (afl-fuzz -x / libFuzzer -dict format), as written; null for none.</summary>
    public string? Dictionary { get; init; }

    /// <summary>The executor the attribute chose (<see cref="FuzzExecutor.Default"/> when it left the choice open).</summary>
    public FuzzExecutor Executor { get; init; }
}
