using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// xUnit's test invoker (class creation, before/after attributes, disposal, timing) with the
/// reflection call replaced: a span parameter cannot go through MethodInfo.Invoke.
/// </summary>
internal sealed class FuzzTestInvoker(
    ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments,
    IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource,
    Action<object?> body)
    : XunitTestInvoker(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, beforeAfterAttributes, aggregator, cancellationTokenSource)
{
    /// <inheritdoc />
    protected override object? CallTestMethod(object testClassInstance)
    {
        body(testClassInstance);
        return null;
    }
}
