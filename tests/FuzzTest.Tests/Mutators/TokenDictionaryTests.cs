using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class TokenDictionaryTests
{
    [Fact]
    public void Add_KeepsFirstOccurrenceOrderAndDropsDuplicates()
    {
        var dictionary = new TokenDictionary();

        Assert.True(dictionary.Add("GET"u8));
        Assert.True(dictionary.Add("POST"u8));
        Assert.False(dictionary.Add("GET"u8));
        Assert.True(dictionary.Add([0x00, 0xFF]));

        Assert.Equal(3, dictionary.Count);
        Assert.Equal("GET"u8.ToArray(), dictionary[0].ToArray());
        Assert.Equal("POST"u8.ToArray(), dictionary[1].ToArray());
        Assert.Equal(new byte[] { 0x00, 0xFF }, dictionary[2].ToArray());
    }

    [Fact]
    public void Add_TellsBytesApartThatDifferOnlyAboveAscii()
    {
        var dictionary = new TokenDictionary();

        Assert.True(dictionary.Add([0x80]));
        Assert.True(dictionary.Add([0x81]));

        Assert.Equal(2, dictionary.Count);
    }

    [Fact]
    public void Add_RejectsEmptyAndOverlongTokens()
    {
        var dictionary = new TokenDictionary();

        Assert.False(dictionary.Add([]));
        Assert.False(dictionary.Add(new byte[TokenDictionary.MaxTokenLength + 1]));
        Assert.True(dictionary.Add(new byte[TokenDictionary.MaxTokenLength]));
        Assert.Equal(1, dictionary.Count);
    }

    [Fact]
    public void Add_CopiesTheToken()
    {
        var dictionary = new TokenDictionary();
        var source = new byte[] { 1, 2, 3 };

        dictionary.Add(source);
        source[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, dictionary[0].ToArray());
    }
}
