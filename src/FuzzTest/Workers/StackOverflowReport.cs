namespace FuzzTest.Workers;

/// <summary>
/// Classifies a "Stack overflow." report by its recursion: the cycle of methods that repeats, so
/// that the same recursion is one finding however deep the stack ran out.
/// </summary>
internal static class StackOverflowReport
{
    // Recursions through more methods than this are rare, and a wider search only finds accidents.
    private const int MaxCyclePeriod = 16;
    private const int MaxCycleStart = 32;

    /// <summary>The death the stack overflow <paramref name="report"/> describes.</summary>
    public static WorkerDeath Classify(int exitCode, RuntimeReport report)
    {
        var (all, blockStart, block) = ReadFrames(report.Body);
        var (cycleStart, cycle) = block.Count > 0 ? (blockStart, block) : FindCycle(FrameNames.FirstRun(report.Body));
        if (cycle.Count == 0)
        {
            var frames = FrameNames.Informative(FrameNames.FirstRun(report.Body));
            return new(DeathKind.StackOverflow, exitCode, DeathText.In("stack overflow", frames), DeathText.Sign("StackOverflow", frames), report.Details);
        }

        var kept = FrameNames.Informative(cycle);

        // The depth at which the stack ran out decides which method of the cycle is innermost;
        // starting the cycle at its least method (ordinal) makes the signature independent of it.
        var canonical = Enumerable.Range(0, kept.Count)
            .Select(r => kept.Skip(r).Concat(kept.Take(r)).ToList())
            .Aggregate((a, b) => Compare(b, a) < 0 ? b : a);

        // For the reader, name the method through which the recursion was entered: the
        // outermost frame of the cycle before the frames that called into it.
        var members = cycle.ToHashSet(StringComparer.Ordinal);
        var entry = canonical[0];
        foreach (var frame in all.Skip(cycleStart))
        {
            if (!members.Contains(frame))
            {
                break;
            }

            if (kept.Contains(frame, StringComparer.Ordinal))
            {
                entry = frame;
            }
        }

        return new(DeathKind.StackOverflow, exitCode, $"stack overflow in {entry}", DeathText.Sign("StackOverflow", canonical), report.Details);
    }

    /// <summary>
    /// Every frame of the report, and the cycle the runtime marked as repeated (with the index of
    /// its first frame among all), empty when it marked none.
    /// </summary>
    private static (List<string> All, int BlockStart, List<string> Block) ReadFrames(List<string> body)
    {
        // "Repeated N times:" brackets the cycle between two dashed lines when the recursion
        // reaches the innermost frame; otherwise every frame is listed.
        var all = new List<string>();
        var block = new List<string>();
        var blockStart = 0;
        var repeated = false;
        var delimiters = 0;
        foreach (var line in body)
        {
            var text = line.Trim();
            if (!repeated && text.StartsWith("Repeat", StringComparison.Ordinal) && text.EndsWith("times:", StringComparison.Ordinal))
            {
                repeated = true;
                continue;
            }

            if (repeated && delimiters < 2 && text.Length >= 3 && text.All(c => c == '-'))
            {
                delimiters++;
                continue;
            }

            if (FrameNames.FromLine(line) is { } frame)
            {
                if (repeated && delimiters == 1)
                {
                    blockStart = block.Count == 0 ? all.Count : blockStart;
                    block.Add(frame);
                }

                all.Add(frame);
            }
        }

        return (all, blockStart, block);
    }

    /// <summary>
    /// Finds the recursion in a fully listed stack: the short sequence of frames that repeats
    /// longest, which skips any helper frames the overflow happened to hit on top of it.
    /// </summary>
    /// <remarks>Three repetitions at least, so that a few equal frames by chance are not taken for it.</remarks>
    private static (int Start, List<string> Cycle) FindCycle(List<string> frames)
    {
        var best = (Start: 0, Period: 0, Stretch: 0);
        for (var start = 0; start < Math.Min(MaxCycleStart, frames.Count); start++)
        {
            for (var period = 1; period <= MaxCyclePeriod && start + 3 * period <= frames.Count; period++)
            {
                var end = start + period;
                while (end < frames.Count && string.Equals(frames[end], frames[end - period], StringComparison.Ordinal))
                {
                    end++;
                }

                var stretch = end - start;
                if (stretch >= 3 * period && stretch > best.Stretch)
                {
                    best = (start, period, stretch);
                }
            }
        }

        return best.Period > 0 ? (best.Start, frames.GetRange(best.Start, best.Period)) : (0, []);
    }

    /// <summary>Orders frame lists element by element (ordinal), a shorter prefix first.</summary>
    private static int Compare(List<string> a, List<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var order = string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Count.CompareTo(b.Count);
    }
}
