using System.Reflection;
using FuzzTest.Targets;
using FuzzTest.Workers;
using Xunit;
using Xunit.Abstractions;

namespace FuzzTest.Xunit;

/// <summary>
/// Builds the test class inside a worker process the way xUnit would for one test: constructor
/// arguments are an <see cref="ITestOutputHelper"/> (its lines go to the worker's log) and
/// fixtures with a parameterless constructor (initialized if they implement
/// <see cref="IAsyncLifetime"/>); the instance is initialized too. The worker creates it by
/// name (<see cref="WorkerTarget.FactoryType"/>).
/// </summary>
internal sealed class XunitWorkerTargetFactory : IWorkerTargetFactory
{
    /// <inheritdoc />
    public InputInvoker Create(Type testClass, MethodInfo method)
    {
        object? instance = null;
        if (!method.IsStatic)
        {
            var constructor = testClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"{testClass.FullName} has no public constructor.");
            var arguments = constructor.GetParameters().Select(p => Argument(testClass, p)).ToArray();
            instance = constructor.Invoke(arguments);
            Initialize(instance);
        }

        return FuzzTarget.Bind(method, instance).Invoke;
    }

    private static object Argument(Type testClass, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(ITestOutputHelper))
        {
            return new WorkerOutputHelper();
        }

        if (type.GetConstructor(Type.EmptyTypes) is { } constructor)
        {
            var fixture = constructor.Invoke(null);
            Initialize(fixture);
            return fixture;
        }

        throw new InvalidOperationException(
            $"the constructor parameter '{parameter.Name}' ({type.Name}) of {testClass.FullName} cannot be built in a worker process: " +
            "only ITestOutputHelper and fixtures with a parameterless constructor can. " +
            "Use [Fuzz(Executor = FuzzExecutor.InProcess)] for this method, or FUZZTEST_EXECUTOR=inprocess.");
    }

    private static void Initialize(object value)
    {
        if (value is IAsyncLifetime lifetime)
        {
            lifetime.InitializeAsync().GetAwaiter().GetResult();
        }
    }
}
