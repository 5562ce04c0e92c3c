using FuzzTest.Inputs;
using FuzzTest.Sessions;
using FuzzTest.Targets;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// Turns a [Fuzz] method into test cases: one per saved input in regression mode, one fuzz
/// session in fuzz mode, or one failing case that explains what is wrong with the method.
/// Implementation detail: public because xUnit creates it by name.
/// </summary>
public sealed class FuzzDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        IXunitTestCase Error(string message) =>
            new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, message);

        if (!string.IsNullOrEmpty(factAttribute.GetNamedArgument<string>(nameof(FuzzAttribute.Skip))))
        {
            return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
        }

        var method = (testMethod.Method as IReflectionMethodInfo)?.MethodInfo;
        if (method is null)
        {
            return [Error($"FuzzTest cannot load {testMethod.TestClass.Class.Name}.{testMethod.Method.Name} by reflection.")];
        }

        if (SignatureCheck.Problem(method) is { } problem)
        {
            return [Error(problem)];
        }

        FuzzSettings settings;
        try
        {
            settings = FuzzSettings.FromEnvironment();
        }
        catch (FormatException e)
        {
            return [Error($"FuzzTest cannot run {SignatureCheck.Describe(method)}: {e.Message}")];
        }

        var maxLength = factAttribute.GetNamedArgument<int?>(nameof(FuzzAttribute.MaxLength)) ?? FuzzOptions.DefaultMaxLength;
        if (maxLength is < 1 or > FuzzOptions.LargestMaxLength)
        {
            return [Error($"[Fuzz(MaxLength = {maxLength})] on {SignatureCheck.Describe(method)} is out of range: use 1 to {FuzzOptions.LargestMaxLength:N0} bytes (default {FuzzOptions.DefaultMaxLength}).")];
        }

        if (factAttribute.GetNamedArgument<int?>(nameof(FuzzAttribute.Timeout)) is < 0 and var timeout)
        {
            return [Error($"[Fuzz(Timeout = {timeout})] on {SignatureCheck.Describe(method)} is negative: give the per-input timeout in milliseconds, or 0 for the default ({FuzzOptions.DefaultTimeout.TotalSeconds:0} s).")];
        }

        var sourceFile = factAttribute.GetConstructorArguments().FirstOrDefault() as string;
        var type = method.ReflectedType!;
        if (settings.IsFuzzing && settings.Selects(type.Name, method.Name, type.FullName))
        {
            return [new FuzzSessionTestCase(diagnosticMessageSink, display, displayOptions, FuzzSessionCollection.Adopt(testMethod), sourceFile)];
        }

        if (settings.IsFuzzing)
        {
            // Go says "no fuzz tests to fuzz"; here a typo in the pattern must not look like a clean fuzz run.
            diagnosticMessageSink.OnMessage(new DiagnosticMessage(
                $"FuzzTest: {FuzzSettings.FuzzVariable}={string.Join(",", settings.Patterns)} does not select {type.Name}.{method.Name}; replaying its saved inputs instead."));
        }

        var paths = FuzzPaths.For(method, sourceFile);
        var files = SavedInputs.List(paths.InputsFolder);
        if (files.Count == 0)
        {
            return [new FuzzInputTestCase(diagnosticMessageSink, display, displayOptions, testMethod, sourceFile, null)];
        }

        return files.Select(f => (IXunitTestCase)new FuzzInputTestCase(
            diagnosticMessageSink, display, displayOptions, testMethod, sourceFile,
            Path.GetRelativePath(paths.SourceDirectory, Path.Combine(paths.InputsFolder, f)).Replace('\\', '/')));
    }
}
