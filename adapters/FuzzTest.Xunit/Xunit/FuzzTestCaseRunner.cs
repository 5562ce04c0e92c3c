using FuzzTest.Sessions;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>xUnit's test-case runner with the method call replaced by a fuzz test body.</summary>
internal sealed class FuzzTestCaseRunner(
    IXunitTestCase testCase,
    string displayName,
    string skipReason,
    object[] constructorArguments,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    Action<object?, IStatusSink> body,
    IMessageSink diagnostics)
    // xUnit checks that one argument is supplied per parameter; the body supplies the real input
    // (a method that returns an AflProgram has none).
    : XunitTestCaseRunner(testCase, displayName, skipReason, constructorArguments, new object[testCase.Method.GetParameters().Count()], messageBus, aggregator, cancellationTokenSource)
{
    /// <inheritdoc />
    protected override XunitTestRunner CreateTestRunner(
        ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, System.Reflection.MethodInfo testMethod, object[] testMethodArguments,
        string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new FuzzTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource, body, diagnostics);
}
