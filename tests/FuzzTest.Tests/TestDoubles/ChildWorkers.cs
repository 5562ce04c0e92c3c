using System.Globalization;
using FuzzTest.Workers;

namespace FuzzTest.Tests.TestDoubles;

/// <summary>
/// The worker processes this test process started, found through /proc (Linux only). Only
/// children running FuzzTest.Worker.dll are listed: nothing else may be killed.
/// </summary>
internal static class ChildWorkers
{
    /// <summary>The first worker started that is still running: the one fuzzing, as spares are started after it.</summary>
    public static int Oldest() =>
        List().OrderBy(w => w.Start).Select(w => w.Pid).FirstOrDefault() is var pid and not 0
            ? pid
            : throw new InvalidOperationException("No worker process of this test process found.");

    /// <summary>
    /// The worker that has used the most processor time: one that fuzzes, when several do and
    /// spares wait beside them (start times, counted in 10 ms ticks, cannot tell them apart).
    /// </summary>
    public static int Busiest() =>
        List().OrderByDescending(w => w.Cpu).Select(w => w.Pid).FirstOrDefault() is var pid and not 0
            ? pid
            : throw new InvalidOperationException("No worker process of this test process found.");

    /// <summary>Every running worker of this process with its start time and processor time used (clock ticks).</summary>
    public static List<(int Pid, long Start, long Cpu)> List()
    {
        var workers = new List<(int, long, long)>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat, commandLine;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended since it was listed, or not ours to read.
                continue;
            }

            // "pid (comm) state ppid ... utime(14th) stime(15th) ... starttime(22nd) ...": comm may hold spaces and
            // parentheses, so count fields after its last closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var start = long.Parse(fields[19], CultureInfo.InvariantCulture);
            var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (parent == Environment.ProcessId && commandLine.Contains(WorkerLauncher.WorkerFileName, StringComparison.Ordinal))
            {
                workers.Add((pid, start, cpu));
            }
        }

        return workers;
    }
}
