using System.Runtime.InteropServices;
using System.Text;

namespace FuzzTest.Forkserver;

/// <summary>
/// Starts the target with <c>posix_spawn</c>: the control pipe's read end on fd 198, the status
/// pipe's write end on fd 199, stdin from the test-case file (or /dev/null), stdout to /dev/null
/// and stderr appended to a log we can quote when the target fails.
/// </summary>
/// <remarks>
/// .NET's <see cref="System.Diagnostics.Process"/> cannot place descriptors, and fork() from a
/// multithreaded runtime is only safe if the child does nothing but async-signal-safe calls before
/// exec; posix_spawn does exactly the descriptor moves we need inside the C library.
/// </remarks>
internal static unsafe class TargetSpawn
{
    /// <summary>The descriptors the spawned target gets.</summary>
    /// <param name="ControlRead">Our control pipe's read end, placed on fd 198.</param>
    /// <param name="StatusWrite">Our status pipe's write end, placed on fd 199.</param>
    /// <param name="Stdin">The test-case file's descriptor, or -1 for /dev/null.</param>
    /// <param name="StderrPath">File the target's stderr is appended to.</param>
    public readonly record struct Descriptors(int ControlRead, int StatusWrite, int Stdin, string StderrPath);

    /// <summary>Spawns <paramref name="path"/> and returns its pid.</summary>
    /// <exception cref="IOException">The C library could not start it (missing file, not executable…).</exception>
    public static int Start(string path, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, Descriptors fds)
    {
        var actions = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        var signals = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        var strings = new List<nint>();
        try
        {
            Libc.FileActionsInit(actions);
            Libc.FileActionsDup2(actions, fds.ControlRead, AflProtocol.ControlFd);
            Libc.FileActionsDup2(actions, fds.StatusWrite, AflProtocol.StatusFd);
            if (fds.Stdin >= 0) Libc.FileActionsDup2(actions, fds.Stdin, 0);
            else Libc.FileActionsOpen(actions, 0, "/dev/null", Libc.ReadOnly, 0);
            Libc.FileActionsOpen(actions, 1, "/dev/null", Libc.WriteOnly, 0);
            Libc.FileActionsOpen(actions, 2, fds.StderrPath, Libc.AppendCreate, Libc.OwnerOnly);

            Libc.AttributesInit(attributes);
            Libc.AttributesSetFlags(attributes, Libc.SpawnFlags);
            Libc.SignalsFill(signals);
            Libc.AttributesSetSignalDefault(attributes, signals);
            Libc.SignalsEmpty(signals);
            Libc.AttributesSetSignalMask(attributes, signals);

            var file = Utf8(path, strings);
            var args = Array(argv, strings);
            var env = Array(environment.Select(e => $"{e.Key}={e.Value}").ToList(), strings);
            int pid;
            var error = Libc.Spawn(&pid, file, actions, attributes, args, env);
            if (error != 0) throw new IOException($"FuzzTest forkserver: could not start {path} (errno {error}: {Marshal.GetPInvokeErrorMessage(error)}).");
            return pid;
        }
        finally
        {
            Libc.FileActionsDestroy(actions);
            Libc.AttributesDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (var s in strings) NativeMemory.Free((void*)s);
        }
    }

    /// <summary>The environment of this process with <paramref name="overrides"/> applied.</summary>
    public static Dictionary<string, string> Environment(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        foreach (var (key, value) in overrides) env[key] = value;
        return env;
    }

    private static byte** Array(IReadOnlyList<string> items, List<nint> owned)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(nint));
        owned.Add((nint)array);
        for (var i = 0; i < items.Count; i++) array[i] = Utf8(items[i], owned);
        return array;
    }

    private static byte* Utf8(string text, List<nint> owned)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var native = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
        owned.Add((nint)native);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        return native;
    }
}
