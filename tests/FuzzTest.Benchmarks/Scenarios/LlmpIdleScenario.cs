using System.Globalization;
using FuzzTest.Messaging.Llmp;
using FuzzTest.Messaging.Tcp;

namespace FuzzTest.Benchmarks.Scenarios;

/// <summary>
/// "llmp-idle": what an idle broker costs. An LlmpBrokerHost with two registered clients that
/// send nothing; the pump thread's CPU time (user + system, from /proc/self/task/TID/stat) over
/// a fixed window, as a share of one core. Linux only: elsewhere it prints nothing.
/// </summary>
internal static class LlmpIdleScenario
{
    // Long enough that the 10 ms tick of the kernel's accounting stays under 0.1 % of a core.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    // The host leaves its spin window this long after the registrations.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // The kernel keeps a thread's name (comm) to 15 bytes: the start of "LLMP broker pump :PORT".
    private const string PumpComm = "LLMP broker pum";

    // USER_HZ: the unit of utime and stime in /proc (100 on every Linux the tool runs on).
    private const double TicksPerSecond = 100;

    /// <summary>Measures and prints one <c>llmp-idle</c> line.</summary>
    public static void Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("llmp-idle: needs /proc; skipped");
            return;
        }

        using var host = LlmpBrokerHost.Start((in LlmpView _) => true, Console.Error.WriteLine);
        using var a = LlmpClient.Connect(host.Port, ConnectTimeout);
        using var b = LlmpClient.Connect(host.Port, ConnectTimeout);
        Thread.Sleep(Settle);
        var pump = Directory.EnumerateDirectories("/proc/self/task")
            .First(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == PumpComm);
        var before = CpuTicks(pump);
        Thread.Sleep(Window);
        var ticks = CpuTicks(pump) - before;
        new JsonLine("llmp-idle")
            .Add("seconds", Window.TotalSeconds)
            .Add("pump_cpu_ms", ticks / TicksPerSecond * 1000)
            .Add("pump_cpu_percent_of_core", Math.Round(ticks / TicksPerSecond / Window.TotalSeconds * 100, 2))
            .Print();
    }

    // utime + stime: fields 14 and 15 of stat, counted after the command name, which is in
    // parentheses and may hold spaces.
    private static long CpuTicks(string task)
    {
        var stat = File.ReadAllText(Path.Combine(task, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
