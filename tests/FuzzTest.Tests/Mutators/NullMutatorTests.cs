using FuzzTest.Mutators;

namespace FuzzTest.Tests.Mutators;

public class NullMutatorTests
{
    [Fact]
    public void Mutate_NeverAppliesAndDrawsNothing() =>
        MutationRun.AssertDeclines(NullMutator.Instance.Mutate, [1, 2, 3], []);
}
