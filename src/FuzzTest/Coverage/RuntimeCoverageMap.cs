using FuzzTest.Runtime;

namespace FuzzTest.Coverage;

/// <summary>
/// The counters that FuzzTest's IL instrumentation increments in this process, and the
/// comparison constants each instrumented module carries, read once the module has registered.
/// </summary>
internal sealed class RuntimeCoverageMap : ICoverageMap
{
    private int modulesRead;

    /// <inheritdoc />
    public Span<byte> Read() => CoverageRuntime.Counters;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> TakeNewTokens()
    {
        var modules = CoverageRuntime.RegisteredModules;
        if (modulesRead == modules.Count)
        {
            return [];
        }

        var tokens = new List<byte[]>();
        for (; modulesRead < modules.Count; modulesRead++)
        {
            tokens.AddRange(DictionaryResource.Read(modules[modulesRead].Assembly));
        }

        return tokens;
    }
}
