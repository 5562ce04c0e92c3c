using Mono.Cecil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// The runtime side the module initializer calls: <c>FuzzTest.Runtime.CoverageRuntime.Register</c>,
/// read from the FuzzTest.dll the consumer will load, so the assembly reference written into
/// instrumented code carries that file's exact name and version.
/// </summary>
internal sealed class CoverageRuntimeReference : IDisposable
{
    /// <summary>Namespace-qualified name of the runtime type.</summary>
    public const string RuntimeTypeName = "FuzzTest.Runtime.CoverageRuntime";

    /// <summary>Name of the registration method.</summary>
    public const string RegisterMethodName = "Register";

    private readonly ModuleDefinition runtimeModule;

    /// <summary>Reads FuzzTest.dll and finds the registration method.</summary>
    /// <param name="runtimeAssemblyPath">Path of FuzzTest.dll.</param>
    /// <exception cref="InstrumentationException">The file is missing or has no usable registration method.</exception>
    public CoverageRuntimeReference(string runtimeAssemblyPath)
    {
        if (!File.Exists(runtimeAssemblyPath))
        {
            throw new InstrumentationException(
                $"the FuzzTest runtime '{runtimeAssemblyPath}' does not exist; pass the FuzzTest.dll " +
                "that the instrumented code will run with to --runtime.");
        }

        runtimeModule = ModuleDefinition.ReadModule(runtimeAssemblyPath, new ReaderParameters { InMemory = true });
        var type = runtimeModule.GetType(RuntimeTypeName);
        Register = type?.Methods.FirstOrDefault(IsRegister)
            ?? throw new InstrumentationException(
                $"'{runtimeAssemblyPath}' has no method {RuntimeTypeName}.{RegisterMethodName}(RuntimeTypeHandle, int) " +
                "returning byte*; the FuzzTest runtime and FuzzTest.Instrumentation come from different versions. " +
                "Use the FuzzTest.dll of the same package.");
        RuntimeAssemblyName = runtimeModule.Assembly.Name.Name;
    }

    /// <summary>The registration method as defined in FuzzTest.dll (import it into each target module).</summary>
    public MethodDefinition Register { get; }

    /// <summary>Simple name of the runtime assembly (normally "FuzzTest").</summary>
    public string RuntimeAssemblyName { get; }

    /// <inheritdoc />
    public void Dispose() => runtimeModule.Dispose();

    private static bool IsRegister(MethodDefinition method) =>
        method.Name == RegisterMethodName
        && method.IsStatic
        && method.IsPublic
        && method.Parameters.Count == 2
        && method.Parameters[0].ParameterType.FullName == "System.RuntimeTypeHandle"
        && method.Parameters[1].ParameterType.FullName == "System.Int32"
        && method.ReturnType is PointerType { ElementType.FullName: "System.Byte" };
}
