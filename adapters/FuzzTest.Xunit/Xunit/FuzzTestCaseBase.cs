using System.ComponentModel;
using System.Reflection;
using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Workers;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// What the two kinds of [Fuzz] test case share: the source file that locates FuzzInputs,
/// serialization (so IDEs can discover in one process and run in another), and running the
/// method through xUnit's own runners, so the test class, fixtures and output helper behave as
/// for any other test. Implementation detail: public because xUnit deserializes it by name.
/// </summary>
public abstract class FuzzTestCaseBase : XunitTestCase
{
    /// <summary>For deserialization only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    protected FuzzTestCaseBase()
    {
    }

    /// <summary>Creates a test case for <paramref name="testMethod"/>.</summary>
    protected FuzzTestCaseBase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string? sourceFile)
        : base(sink, display, options, testMethod)
    {
        SourceFile = sourceFile;
    }

    private FuzzPaths? paths;

    /// <summary>The test source file recorded by the attribute.</summary>
    protected string? SourceFile { get; private set; }

    /// <summary>The runtime method.</summary>
    protected MethodInfo RuntimeMethod => TestMethod.Method.ToRuntimeMethod();

    /// <summary>Where this method's inputs and working state are, on this machine.</summary>
    private protected FuzzPaths Paths => paths ??= FuzzPaths.For(RuntimeMethod, SourceFile);

    /// <summary>Per-method options from the attribute.</summary>
    private protected FuzzOptions Options
    {
        get
        {
            var attribute = RuntimeMethod.GetCustomAttribute<FuzzAttribute>();
            return new FuzzOptions
            {
                MaxLength = attribute?.MaxLength ?? FuzzOptions.DefaultMaxLength,
                Timeout = attribute is { Timeout: > 0 } ? TimeSpan.FromMilliseconds(attribute.Timeout) : FuzzOptions.DefaultTimeout,
                Executor = attribute?.Executor ?? FuzzExecutor.Default,
                Dictionary = attribute?.Dictionary,
            };
        }
    }

    /// <summary>How a worker process finds and builds this method.</summary>
    private protected WorkerTarget Worker => WorkerTarget.For<XunitWorkerTargetFactory>(RuntimeMethod, TestMethod.TestClass.Class.ToRuntimeType());

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue(nameof(SourceFile), SourceFile);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        SourceFile = data.GetValue<string>(nameof(SourceFile));
        base.Deserialize(data);
    }

    /// <inheritdoc />
    public override Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new FuzzTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, messageBus, aggregator, cancellationTokenSource, (instance, output) => Body(instance, output, cancellationTokenSource.Token), diagnosticMessageSink).RunAsync();

    /// <summary>The work of the test: runs with the test class instance (null for static methods), a sink for output lines, and the run's cancellation.</summary>
    private protected abstract void Body(object? instance, IStatusSink output, CancellationToken cancellation);

    /// <summary>Uses the per-input timeout of [Fuzz] ourselves; xUnit's whole-test timeout does not apply.</summary>
    protected override int GetTimeout(IAttributeInfo factAttribute) => 0;

    /// <summary>The command that replays one saved input of this method.</summary>
    protected string ReplayCommand(string fileName)
    {
        var project = Paths.ProjectDirectory is { } folder ? $" \"{folder}\"" : "";
        return $"dotnet test{project} --filter \"DisplayName~{fileName}\"";
    }
}
