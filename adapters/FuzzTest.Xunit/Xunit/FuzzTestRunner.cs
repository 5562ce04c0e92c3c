using System.Reflection;
using FuzzTest.Sessions;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FuzzTest.Xunit;

/// <summary>
/// xUnit's test runner, with output captured even when the test class takes no
/// ITestOutputHelper: fuzz sessions always report their progress and findings.
/// </summary>
internal sealed class FuzzTestRunner(
    ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments,
    string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource,
    Action<object?, IStatusSink> body, IMessageSink diagnostics)
    : XunitTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
{
    /// <inheritdoc />
    protected override async Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        // xUnit 2.9 hands the class's output helper over as a factory, which its own runner
        // replaces with a helper for each test; so must this one, in a copy: the array is
        // shared by every test of the class.
        var arguments = (object[])ConstructorArguments.Clone();
        TestOutputHelper? helper = null;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] is Func<TestOutputHelper> create)
            {
                arguments[i] = helper = create();
            }
            else if (arguments[i] is TestOutputHelper existing)
            {
                helper = existing;
            }
        }

        helper ??= new TestOutputHelper();
        helper.Initialize(MessageBus, Test);
        try
        {
            var sink = new TestOutputSink(helper, diagnostics);
            var time = await new FuzzTestInvoker(Test, MessageBus, TestClass, arguments, TestMethod, TestMethodArguments, BeforeAfterAttributes, aggregator, CancellationTokenSource, instance => body(instance, sink)).RunAsync();
            return Tuple.Create(time, helper.Output);
        }
        finally
        {
            helper.Uninitialize();
        }
    }
}
