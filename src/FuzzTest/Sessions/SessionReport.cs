using System.Globalization;
using System.Text;
using FuzzTest.Findings;

namespace FuzzTest.Sessions;

/// <summary>What a fuzz session did and found; its failure message is what the test reports.</summary>
internal sealed record SessionReport
{
    /// <summary>"Class.Method".</summary>
    public required string Name { get; init; }

    /// <summary>The seed the session used.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Runs of the target.</summary>
    public required long Executions { get; init; }

    /// <summary>Wall time of the session.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Entries in the corpus at the end.</summary>
    public required int CorpusCount { get; init; }

    /// <summary>Counters hit at least once.</summary>
    public required int Covered { get; init; }

    /// <summary>New findings, each minimized and saved.</summary>
    public required IReadOnlyList<Finding> NewFindings { get; init; }

    /// <summary>Findings saved by earlier sessions that still fail.</summary>
    public required IReadOnlyList<string> StillFailing { get; init; }

    /// <summary>True when nothing fails.</summary>
    public bool Passed => NewFindings.Count == 0 && StillFailing.Count == 0;

    /// <summary>The message of the failing test: every finding with its exception, saved path and replay command.</summary>
    public string FailureMessage(Func<string, string> replayCommand)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"FuzzTest found {NewFindings.Count} new failure(s) in {Name} ")
            .Append(CultureInfo.InvariantCulture, $"({Executions:N0} runs in {Elapsed:m\\:ss}, FUZZTEST_SEED={Seed}).");
        var number = 0;
        foreach (var finding in NewFindings)
        {
            number++;
            text.AppendLine().AppendLine()
                .Append(CultureInfo.InvariantCulture, $"{number}) {finding.Kind}: {finding.Description.TrimEnd()}").AppendLine()
                .Append(CultureInfo.InvariantCulture, $"   input ({finding.Input.Length} bytes, minimized from {finding.OriginalLength}): {InputPreview.Format(finding.Input)}").AppendLine();
            if (finding.SavedPath is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"   saved:  {finding.SavedPath}").AppendLine()
                    .Append(CultureInfo.InvariantCulture, $"   replay: {replayCommand(Path.GetFileName(finding.SavedPath))}");
            }
        }

        foreach (var still in StillFailing)
        {
            text.AppendLine().AppendLine().Append(CultureInfo.InvariantCulture, $"Still failing (saved earlier): {still}");
        }

        return text.ToString();
    }

    /// <summary>The one-line summary printed at the end.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"[fuzz] {Name} done: {Executions:N0} execs in {Elapsed:m\\:ss} ({Executions / Math.Max(Elapsed.TotalSeconds, 1e-3):N0}/s), " +
        $"corpus {CorpusCount}, coverage {Covered}, new findings {NewFindings.Count}, still failing {StillFailing.Count}, seed {Seed}");
}
