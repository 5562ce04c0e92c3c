using System.ComponentModel;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Targets;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// Fuzz mode: one coverage-guided session of a [Fuzz] method, with its own budget. It passes
/// when the budget ends with nothing failing, and fails listing every finding.
/// Implementation detail: public because xUnit deserializes it by name.
/// </summary>
public sealed class FuzzSessionTestCase : FuzzTestCaseBase
{
    /// <summary>For deserialization only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public FuzzSessionTestCase()
    {
    }

    /// <summary>Creates the session case for <paramref name="testMethod"/>.</summary>
    public FuzzSessionTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string? sourceFile)
        : base(sink, display, options, testMethod, sourceFile)
    {
    }

    /// <inheritdoc />
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        $"{base.GetDisplayName(factAttribute, displayName)} [fuzz]";

    /// <inheritdoc />
    protected override string GetUniqueID() => base.GetUniqueID() + "-fuzz";

    /// <inheritdoc />
    private protected override void Body(object? instance, IStatusSink output, CancellationToken cancellation)
    {
        var method = RuntimeMethod;
        var target = FuzzTarget.Bind(method, instance);
        var config = new SessionConfig(
            $"{FuzzPaths.ClassFolderName(method.ReflectedType!)}.{method.Name}",
            target.Invoke,
            Paths,
            Options,
            FuzzSettings.FromEnvironment(),
            output,
            ReplayCommand,
            cancellation,
            Worker,
            target.Program);

        // Async targets run with no synchronization context, as they do in regression mode, so a
        // blocking wait inside the session can never deadlock on xUnit's test context.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        SessionReport report;
        try
        {
            report = new FuzzSession(config).Run();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        if (!report.Passed)
        {
            throw new FuzzingFailedException(report.FailureMessage(ReplayCommand));
        }
    }
}
