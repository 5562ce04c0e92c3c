using FuzzTest.Corpus;
using FuzzTest.Executors;

namespace FuzzTest.Sessions;

/// <summary>Hears what a <see cref="FuzzLoop"/> does that matters beyond its own corpus.</summary>
internal interface ILoopEvents
{
    /// <summary>An input reached new coverage and joined the loop's corpus.</summary>
    void Kept(CorpusEntry entry);

    /// <summary>An input failed; the loop resumes when this returns.</summary>
    void Failed(byte[] input, RunOutcome outcome);

    /// <summary>About ten times a second: false ends the loop (budget spent, cancelled).</summary>
    bool Tick();
}
