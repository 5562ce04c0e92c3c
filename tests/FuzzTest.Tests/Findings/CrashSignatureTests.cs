using FuzzTest.Findings;

namespace FuzzTest.Tests.Findings;

public class CrashSignatureTests
{
    [Fact]
    public void SameThrowSite_SameSignature_WhateverTheMessage()
    {
        Assert.Equal(CrashSignature.Of(CatchThrowAt(1)), CrashSignature.Of(CatchThrowAt(2)));
    }

    [Fact]
    public void DifferentThrowSites_DifferentSignatures()
    {
        Assert.NotEqual(CrashSignature.Of(Catch(() => ThrowAt(1))), CrashSignature.Of(Catch(OtherSite)));
    }

    [Fact]
    public void DifferentExceptionTypes_DifferentSignatures()
    {
        Assert.NotEqual(
            CrashSignature.Of(Catch(() => throw new InvalidOperationException())),
            CrashSignature.Of(Catch(() => throw new ArgumentException())));
    }

    [Fact]
    public void Signature_NamesTheTypeAndTheThrowingMethod()
    {
        var signature = CrashSignature.Of(Catch(() => ThrowAt(1)));

        Assert.StartsWith("System.InvalidOperationException at ", signature);
        Assert.Contains(nameof(ThrowAt), signature);
    }

    [Fact]
    public void TheSameLibraryFailureAtTwoCallSites_IsTwoBugs()
    {
        Assert.NotEqual(CrashSignature.Of(Catch(ParseHere)), CrashSignature.Of(Catch(ParseThere)));
    }

    private static void ParseHere() => int.Parse("x", System.Globalization.CultureInfo.InvariantCulture);

    private static void ParseThere() => int.Parse("y", System.Globalization.CultureInfo.InvariantCulture);

    private static Exception CatchThrowAt(int n) => Catch(() => ThrowAt(n));

    private static void ThrowAt(int n) => throw new InvalidOperationException($"message {n}");

    private static void OtherSite() => throw new InvalidOperationException("message 1");

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("expected a throw");
    }
}
