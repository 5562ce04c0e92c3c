using System.Reflection;
using FuzzTest.Targets;

namespace FuzzTest.Workers;

/// <summary>
/// Builds a static method as it is, or an instance method on an instance made with the
/// parameterless constructor: enough for targets that need no test framework.
/// </summary>
internal sealed class PlainTargetFactory : IWorkerTargetFactory
{
    /// <inheritdoc />
    public InputInvoker Create(Type testClass, MethodInfo method)
    {
        var instance = method.IsStatic ? null : Activator.CreateInstance(testClass)
            ?? throw new InvalidOperationException($"FuzzTest worker: cannot create {testClass.FullName}.");
        return FuzzTarget.Bind(method, instance).Invoke;
    }
}
