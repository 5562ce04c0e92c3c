using FuzzTest.Mutators;
using FuzzTest.Tests.TestDoubles;

namespace FuzzTest.Tests.Mutators;

public class DictionaryFileTests
{
    [Fact]
    public void Reads_named_and_bare_tokens_with_escapes_and_skips_comments()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "png.dict");
        File.WriteAllText(path, """
            # PNG chunks (afl-fuzz -x / libFuzzer -dict format)
            header_png="\x89PNG\x0d\x0a"
              "IHDR"
            quote="a\"b\\c"
            kw_level@2="\x00\xff"

            """);

        var tokens = DictionaryFile.Read(path);

        Assert.Equal(
            [
                [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A],
                "IHDR"u8.ToArray(),
                "a\"b\\c"u8.ToArray(),
                [0x00, 0xFF],
            ],
            tokens);
    }

    [Theory]
    [InlineData("name=IHDR", "the value is not in double quotes")]
    [InlineData("\"abc\" trailing", "there is text after the closing quote")]
    [InlineData("\"\\q\"", "\\q is not an escape")]
    [InlineData("\"\\x4\"", "\\x is not an escape")]
    [InlineData("empty=\"\"", "the value is empty")]
    [InlineData("\"Ω\"", "is not a byte")]
    public void A_malformed_line_is_reported_with_the_file_line_and_problem(string line, string problem)
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "bad.dict");
        File.WriteAllText(path, $"# fine\n\"ok\"\n{line}\n");

        var error = Assert.Throws<FormatException>(() => DictionaryFile.Read(path));

        Assert.StartsWith($"{path}:3: ", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
