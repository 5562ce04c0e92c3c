using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Finds the instructions of a method body where a basic block starts: every branch and switch
/// target, the fall-through after every conditional branch, and every handler and filter start.
/// </summary>
internal static class ProbeSites
{
    /// <summary>The block starts of <paramref name="body"/>, in IL order, without duplicates.</summary>
    /// <param name="body">A method body (macros may or may not be simplified).</param>
    /// <returns>The instructions a probe should precede.</returns>
    public static List<Instruction> Find(MethodBody body)
    {
        var starts = new HashSet<Instruction>(ReferenceEqualityComparer.Instance);
        foreach (var instruction in body.Instructions)
        {
            var flow = instruction.OpCode.FlowControl;
            if (flow != FlowControl.Branch && flow != FlowControl.Cond_Branch)
            {
                continue;
            }

            switch (instruction.Operand)
            {
                case Instruction target:
                    starts.Add(target);
                    break;
                case Instruction[] targets:
                    starts.UnionWith(targets);
                    break;
            }

            if (flow == FlowControl.Cond_Branch && instruction.Next is { } fallThrough)
            {
                starts.Add(fallThrough);
            }
        }

        foreach (var handler in body.ExceptionHandlers)
        {
            starts.Add(handler.HandlerStart);
            if (handler.FilterStart is { } filter)
            {
                starts.Add(filter);
            }
        }

        // Walk the body rather than the set so that counter numbers follow IL order and are the
        // same on every run.
        var ordered = new List<Instruction>(starts.Count);
        foreach (var instruction in body.Instructions)
        {
            if (starts.Contains(instruction) && !FollowsTailCall(instruction))
            {
                ordered.Add(instruction);
            }
        }

        return ordered;
    }

    // "tail. call" must be followed directly by "ret"; a probe in between would make the JIT
    // reject the method, and that "ret" can never execute anyway.
    private static bool FollowsTailCall(Instruction instruction) =>
        instruction.Previous is { } call
        && call.Previous is { } prefix
        && prefix.OpCode.Code == Code.Tail;
}
