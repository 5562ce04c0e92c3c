using FuzzTest.Corpus;
using FuzzTest.Executors;
using FuzzTest.Feedback;
using FuzzTest.Mutators;
using FuzzTest.Randomness;
using FuzzTest.Scheduling;

namespace FuzzTest.Tests.Sessions;

public class NullPipelineTests
{
    [Fact]
    public void APipelineBuiltFromNullParts_RunsAThousandSteps()
    {
        IExecutor executor = new NullExecutor();
        IFeedback feedback = new NullFeedback();
        ICorpus corpus = new NullCorpus();
        IScheduler scheduler = new NullScheduler();
        IMutator mutator = NullMutator.Instance;
        IFuzzRandom random = NullRandom.Instance;
        var input = new InputBuffer(16);
        var kept = 0;

        for (var i = 0; i < 1000; i++)
        {
            scheduler.Next(corpus, random);
            mutator.Mutate(input, random);
            var outcome = executor.Run(input.Data, input.Length);
            Assert.Equal(ExitKind.Ok, outcome.Kind);
            Assert.Null(outcome.Exception);
            if (feedback.IsInteresting(input.Span))
            {
                corpus.Add(new CorpusEntry(input.ToArray(), [], 1));
                kept++;
            }
        }

        Assert.Equal(0, kept);
        Assert.Equal(0, corpus.Count);
    }
}
