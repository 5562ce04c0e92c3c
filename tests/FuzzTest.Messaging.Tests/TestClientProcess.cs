using System.Diagnostics;

namespace FuzzTest.Messaging.Tests;

/// <summary>Starts FuzzTest.Messaging.TestClient (see its Program) in a process of its own, stdin and stdout redirected.</summary>
internal static class TestClientProcess
{
    /// <summary>Starts the client with <paramref name="arguments"/>.</summary>
    public static Process Start(params string[] arguments)
    {
        // Built beside the tests through the project reference, with its runtimeconfig and deps.
        var dll = Path.Combine(AppContext.BaseDirectory, "FuzzTest.Messaging.TestClient.dll");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
    }

    // The host running these tests, or the one the dotnet CLI names, or whatever is on PATH.
    private static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == exe)
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : exe;
    }
}
