using System.Xml.Linq;

namespace FuzzTest.Acceptance.Tests;

/// <summary>
/// One test case's result from a TRX report. The report, rather than the console, tells reliably
/// which cases passed: the console lists only failures at the default verbosity.
/// </summary>
/// <param name="DisplayName">The test case's display name, e.g. <c>TinyJson.Tests.TinyJsonFuzz.Parse [seed-array]</c>.</param>
/// <param name="Outcome">"Passed", "Failed", "NotExecuted", ...</param>
/// <param name="Message">The failure message, or empty.</param>
public sealed record TrxResult(string DisplayName, string Outcome, string Message)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>True when the case passed.</summary>
    public bool Passed => Outcome == "Passed";

    /// <summary>True when the case failed.</summary>
    public bool Failed => Outcome == "Failed";

    /// <summary>Reads every test result of the report at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TrxResult> Load(string path) =>
        [.. XDocument.Load(path).Descendants(Trx + "UnitTestResult").Select(r => new TrxResult(
            (string?)r.Attribute("testName") ?? "",
            (string?)r.Attribute("outcome") ?? "",
            (string?)r.Descendants(Trx + "Message").FirstOrDefault() ?? ""))];

    /// <summary>A listing of <paramref name="results"/> for assertion messages.</summary>
    public static string Describe(IEnumerable<TrxResult> results) =>
        string.Join('\n', results.Select(r => $"{r.Outcome}: {r.DisplayName}"));
}
