using System.Reflection;
using FuzzTest.Targets;

namespace FuzzTest.Workers;

/// <summary>
/// Builds the [Fuzz] method's invoker inside a worker process, as its test framework would
/// (test class instance, constructor arguments, fixtures). Each adapter provides one; the
/// worker creates it by name, so the engine references no test framework.
/// </summary>
internal interface IWorkerTargetFactory
{
    /// <summary>Creates the invoker of <paramref name="method"/> reflected from <paramref name="testClass"/>.</summary>
    /// <exception cref="InvalidOperationException">The class cannot be built outside the test runner; the message says why.</exception>
    InputInvoker Create(Type testClass, MethodInfo method);
}
