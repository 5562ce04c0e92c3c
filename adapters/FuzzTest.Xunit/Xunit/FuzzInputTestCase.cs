using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FuzzTest.Findings;
using FuzzTest.Forkserver;
using FuzzTest.Regression;
using FuzzTest.Sessions;
using FuzzTest.Targets;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// Regression mode: runs a [Fuzz] method on one saved input. Its ID comes from the input's
/// path relative to the test source, so it stays the same when other inputs are added, and it
/// serializes, so one input can be listed, filtered and debugged alone.
/// Implementation detail: public because xUnit deserializes it by name.
/// </summary>
public sealed class FuzzInputTestCase : FuzzTestCaseBase
{
    /// <summary>For deserialization only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public FuzzInputTestCase()
    {
    }

    /// <summary>Creates the case for the input at <paramref name="inputPath"/> (relative to the test source folder), or for the empty input when null.</summary>
    public FuzzInputTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string? sourceFile, string? inputPath)
        : base(sink, display, options, testMethod, sourceFile)
    {
        InputPath = inputPath;
    }

    /// <summary>The saved input, relative to the test source folder; null for the empty input.</summary>
    public string? InputPath { get; private set; }

    private string Label => InputPath is null ? "empty input" : Path.GetFileName(InputPath);

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue(nameof(InputPath), InputPath);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        InputPath = data.GetValue<string>(nameof(InputPath));
        base.Deserialize(data);
    }

    /// <inheritdoc />
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        $"{base.GetDisplayName(factAttribute, displayName)} [{Label}]";

    /// <inheritdoc />
    protected override string GetUniqueID()
    {
        var key = $"{TestMethod.TestClass.TestCollection.TestAssembly.Assembly.Name}|{TestMethod.TestClass.Class.Name}|{TestMethod.Method.Name}|{InputPath ?? "<empty>"}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];
    }

    /// <inheritdoc />
    private protected override void Body(object? instance, IStatusSink output, CancellationToken cancellation)
    {
        var input = InputPath is null ? [] : ReadInput();
        var target = FuzzTarget.Bind(RuntimeMethod, instance);
        if (target.Program is { } program)
        {
            var method = SignatureCheck.Describe(RuntimeMethod);
            NativeReplay.Run(ForkserverOptions.For(program, Paths.SourceDirectory, Options.Timeout, method), input, Label, method);
            return;
        }

        // A saved failure may end the process (stack overflow, FailFast, a hang): it runs in a
        // worker so it fails this test case alone. Under a debugger it runs here, to be stepped into.
        if (InputPath is not null && FindingStore.IsFinding(Path.GetFileName(InputPath)) && !Debugger.IsAttached
            && FuzzSettings.FromEnvironment().ExecutorFor(Options.Executor) == FuzzExecutor.Isolated)
        {
            IsolatedReplay.Run(Worker, input, Options.Timeout, Label, SignatureCheck.Describe(RuntimeMethod));
            return;
        }

        Replay.Run(target, input, Options.Timeout, Label);
    }

    private byte[] ReadInput()
    {
        var path = Path.Combine(Paths.SourceDirectory, InputPath!);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The saved input {InputPath} of {RuntimeMethod.ReflectedType?.Name}.{RuntimeMethod.Name} no longer exists at {path}. " +
                "It was deleted or renamed after the tests were discovered; run the tests again to rediscover the inputs.", path);
        }

        return File.ReadAllBytes(path);
    }
}
