using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Inserts counter probes into method bodies. Each probe increments its own byte,
/// <c>Counters[k]</c>, and leaves the evaluation stack as it found it, so it is valid at handler
/// starts and at join points that carry values on the stack.
/// </summary>
/// <remarks>
/// Branches, switch tables, exception-handler boundaries, sequence points and local scopes all
/// hold references to <see cref="Instruction"/> objects. A probe therefore never becomes a new
/// object in front of a block start: the block's first instruction object itself is turned into
/// the probe's first instruction and a copy of the original instruction goes after the probe, so
/// every existing reference now reaches the probe and nothing needs re-pointing.
/// </remarks>
internal sealed class MethodProbeInserter(FieldReference counters)
{
    /// <summary>Number of counters handed out so far; the next probe gets this index.</summary>
    public int ProbeCount { get; private set; }

    /// <summary>
    /// Adds an entry probe, one probe per block start, and one probe per critical edge (see
    /// <see cref="CriticalEdges"/>) to <paramref name="method"/>.
    /// </summary>
    /// <param name="method">A method with a body.</param>
    public void Instrument(MethodDefinition method)
    {
        // Debug information is read lazily and resolves IL offsets against the body as it is
        // then; read it while the body is still the original.
        LoadDebugInformation(method);

        var body = method.Body;
        body.SimplifyMacros();
        var sites = ProbeSites.Find(body);
        var criticalBranches = CriticalEdges.Find(body);
        var siteSet = new HashSet<Instruction>(sites, ReferenceEqualityComparer.Instance);

        var rewritten = new List<Instruction>(body.Instructions.Count + ((sites.Count + 1) * 9));

        // The entry probe is made of fresh instructions that nothing refers to, so a branch back to
        // the first instruction (a loop at the top of the method) does not count as an entry.
        rewritten.Add(Instruction.Create(OpCodes.Ldsfld, counters));
        AppendProbeTail(rewritten, ProbeCount++);

        // A block start's own object becomes its probe; the instruction itself moves to a copy.
        var moved = new Dictionary<Instruction, Instruction>(ReferenceEqualityComparer.Instance);
        foreach (var instruction in body.Instructions)
        {
            if (!siteSet.Contains(instruction))
            {
                rewritten.Add(instruction);
                continue;
            }

            var original = Instruction.Create(OpCodes.Nop);
            original.OpCode = instruction.OpCode;
            original.Operand = instruction.Operand;
            instruction.OpCode = OpCodes.Ldsfld;
            instruction.Operand = counters;
            moved[instruction] = original;
            rewritten.Add(instruction);
            AppendProbeTail(rewritten, ProbeCount++);
            rewritten.Add(original);
        }

        // Edge probes go after the last instruction, which never falls through (IL may not run
        // off the end of a method), so only their branch reaches them.
        var firstTrampoline = rewritten.Count;
        foreach (var site in criticalBranches)
        {
            var branch = moved.GetValueOrDefault(site) ?? site;
            var target = (Instruction)branch.Operand;
            var trampoline = Instruction.Create(OpCodes.Ldsfld, counters);
            rewritten.Add(trampoline);
            AppendProbeTail(rewritten, ProbeCount++);
            rewritten.Add(Instruction.Create(OpCodes.Br, target));
            branch.Operand = trampoline;
        }

        // A handler that ran to the end of the method must still end where it did, before the trampolines.
        if (rewritten.Count > firstTrampoline)
        {
            foreach (var handler in body.ExceptionHandlers.Where(h => h.HandlerEnd is null))
            {
                handler.HandlerEnd = rewritten[firstTrampoline];
            }
        }

        body.Instructions.Clear();
        foreach (var instruction in rewritten)
        {
            body.Instructions.Add(instruction);
        }

        if (method.DebugInformation.Scope is { } scope)
        {
            ExtendScopesToEntry(scope, rewritten[0]);
        }

        body.OptimizeMacros();
    }

    // Everything of "ldsfld Counters; ldc.i4 k; add; dup; ldind.u1; ldc.i4.1; add; stind.i1"
    // after the ldsfld.
    private static void AppendProbeTail(List<Instruction> into, int index)
    {
        into.Add(Instruction.Create(OpCodes.Ldc_I4, index));
        into.Add(Instruction.Create(OpCodes.Add));
        into.Add(Instruction.Create(OpCodes.Dup));
        into.Add(Instruction.Create(OpCodes.Ldind_U1));
        into.Add(Instruction.Create(OpCodes.Ldc_I4_1));
        into.Add(Instruction.Create(OpCodes.Add));
        into.Add(Instruction.Create(OpCodes.Stind_I1));
    }

    private static void LoadDebugInformation(MethodDefinition method)
    {
        if (method.HasCustomDebugInformations)
        {
            _ = method.CustomDebugInformations.Count;
        }

        var info = method.DebugInformation;
        if (info.HasSequencePoints)
        {
            _ = info.SequencePoints.Count;
        }

        _ = info.Scope;
        _ = info.StateMachineKickOffMethod;
    }

    // Local scopes that began at the old first instruction would now begin after the entry
    // probe, leaving the probe outside every scope; the PDB is cleaner when they cover it.
    // Offsets are not recomputed until OptimizeMacros, so offset 0 still means "the original
    // first instruction" here (scopes never refer to the fresh probe instructions).
    private static void ExtendScopesToEntry(ScopeDebugInformation scope, Instruction newFirst)
    {
        if (!scope.Start.IsEndOfMethod && scope.Start.Offset == 0)
        {
            scope.Start = new InstructionOffset(newFirst);
        }

        if (scope.HasScopes)
        {
            foreach (var inner in scope.Scopes)
            {
                ExtendScopesToEntry(inner, newFirst);
            }
        }
    }
}
