using System.Reflection;
using FuzzTest.Targets;

namespace FuzzTest.Workers;

/// <summary>Builds an invoker that does nothing; for wiring tests.</summary>
internal sealed class NullTargetFactory : IWorkerTargetFactory
{
    /// <inheritdoc />
    public InputInvoker Create(Type testClass, MethodInfo method) => static (_, _) => { };
}
