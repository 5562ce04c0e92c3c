namespace FuzzTest.TestTargets;

/// <summary>Comparisons against constants that the instrumenter must put in the dictionary.</summary>
public static class MagicConstants
{
    /// <summary>The string literal compared by <see cref="HasHeader"/>.</summary>
    public const string Header = "FUZZTEST-MAGIC-HEADER";

    /// <summary>The 4-byte integer compared by <see cref="IsMagic"/> ("FUZZ" read big-endian).</summary>
    public const int Magic = 0x46555A5A;

    /// <summary>True for the magic header string.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>Whether it is the header.</returns>
    public static bool HasHeader(string text) => text == Header;

    /// <summary>True for the magic integer.</summary>
    /// <param name="value">Any integer.</param>
    /// <returns>Whether it is the magic value.</returns>
    public static bool IsMagic(int value) => value == Magic;

    /// <summary>True for data that starts with a GIF signature.</summary>
    /// <param name="data">Any bytes.</param>
    /// <returns>Whether it starts with "GIF89a".</returns>
    public static bool IsGif(ReadOnlySpan<byte> data) => data.StartsWith("GIF89a"u8);
}
