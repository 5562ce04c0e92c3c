using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Finds the conditional branches whose taken edge is critical: the target block has other
/// predecessors too, so a probe at the target cannot tell which way control arrived. Such an
/// edge gets its own probe on a trampoline (<c>probe; br target</c>), which turns block coverage
/// into edge coverage where it matters: <c>if (a &amp;&amp; b) throw; return;</c> reaches the
/// shared <c>return</c> from two branches, and only edge probes tell those runs apart.
/// </summary>
internal static class CriticalEdges
{
    /// <summary>
    /// The conditional branches of <paramref name="body"/> (macros simplified) whose target has
    /// several predecessors. Branches inside a protected region or handler are left out: a
    /// trampoline at the end of the method would sit outside that region, and IL may not branch
    /// out of one except by "leave".
    /// </summary>
    public static List<Instruction> Find(MethodBody body)
    {
        var instructions = body.Instructions;
        var index = new Dictionary<Instruction, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < instructions.Count; i++)
        {
            index[instructions[i]] = i;
        }

        var predecessors = new Dictionary<Instruction, int>(ReferenceEqualityComparer.Instance);
        void Count(Instruction target) => predecessors[target] = predecessors.GetValueOrDefault(target) + 1;
        foreach (var instruction in instructions)
        {
            switch (instruction.Operand)
            {
                case Instruction target when IsBranch(instruction):
                    Count(target);
                    break;
                case Instruction[] targets:
                    Array.ForEach(targets, Count);
                    break;
            }

            if (instruction.Next is { } next && FallsThrough(instruction))
            {
                Count(next);
            }
        }

        var protectedRanges = body.ExceptionHandlers.SelectMany(h => new[]
        {
            (Start: index[h.TryStart], End: End(h.TryEnd)),
            (Start: index[h.FilterStart ?? h.HandlerStart], End: End(h.HandlerEnd)),
        }).ToList();
        int End(Instruction? end) => end is null ? instructions.Count : index[end];

        return [.. instructions.Where(i =>
            i.OpCode.FlowControl == FlowControl.Cond_Branch
            && i.Operand is Instruction target
            && predecessors.GetValueOrDefault(target) > 1
            && !protectedRanges.Any(r => index[i] >= r.Start && index[i] < r.End))];
    }

    private static bool IsBranch(Instruction instruction) =>
        instruction.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch;

    private static bool FallsThrough(Instruction instruction) =>
        instruction.OpCode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw);
}
