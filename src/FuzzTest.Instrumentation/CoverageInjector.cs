using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FuzzTest.Instrumentation;

/// <summary>
/// Adds to a module the pieces its probes rely on: the marker type with the counters pointer,
/// and a module initializer that obtains that pointer from the FuzzTest runtime before any other
/// code of the module runs.
/// </summary>
internal static class CoverageInjector
{
    private const string ModuleTypeName = "<Module>";

    /// <summary>Whether <paramref name="type"/> belongs to the instrumentation rather than to the user's code.</summary>
    /// <param name="type">A type of the module.</param>
    /// <returns>True for the marker type and &lt;Module&gt;, which are never probed.</returns>
    public static bool IsExcluded(TypeDefinition type) =>
        type.DeclaringType is null
        && type.Namespace.Length == 0
        && (type.Name == ModuleTypeName || type.Name == InstrumentationContract.MarkerTypeName);

    /// <summary>Adds the marker type and its counters field.</summary>
    /// <param name="module">The module to instrument.</param>
    /// <returns>The counters field, for the probes to load.</returns>
    public static FieldDefinition AddMarker(ModuleDefinition module)
    {
        // abstract + sealed is how C# spells "static class"; not public, so it is nobody's API.
        var marker = new TypeDefinition(
            string.Empty,
            InstrumentationContract.MarkerTypeName,
            TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class,
            module.TypeSystem.Object);
        var counters = new FieldDefinition(
            InstrumentationContract.CountersFieldName,
            FieldAttributes.Assembly | FieldAttributes.Static,
            new PointerType(module.TypeSystem.Byte));
        marker.Fields.Add(counters);
        module.Types.Add(marker);
        return counters;
    }

    /// <summary>
    /// Makes the module initializer register <paramref name="probeCount"/> counters and store the
    /// returned pointer, ahead of whatever the initializer already did.
    /// </summary>
    /// <param name="module">The module being instrumented.</param>
    /// <param name="counters">The field <see cref="AddMarker"/> returned.</param>
    /// <param name="runtime">The registration method to call.</param>
    /// <param name="probeCount">The number of probes inserted.</param>
    public static void AddModuleInitializer(
        ModuleDefinition module, FieldDefinition counters, CoverageRuntimeReference runtime, int probeCount)
    {
        var moduleType = module.GetType(ModuleTypeName)
            ?? throw new InstrumentationException("the module has no <Module> type; the file is not a valid .NET assembly.");
        var initializer = moduleType.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (initializer is null)
        {
            initializer = new MethodDefinition(
                ".cctor",
                MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.Static
                    | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                module.TypeSystem.Void);
            initializer.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
            moduleType.Methods.Add(initializer);
        }
        else
        {
            // Read the existing initializer's debug data before its offsets shift.
            _ = initializer.DebugInformation.Scope;
        }

        var register = module.ImportReference(runtime.Register);
        var instructions = initializer.Body.Instructions;
        instructions.Insert(0, Instruction.Create(OpCodes.Ldtoken, counters.DeclaringType));
        instructions.Insert(1, Instruction.Create(OpCodes.Ldc_I4, probeCount));
        instructions.Insert(2, Instruction.Create(OpCodes.Call, register));
        instructions.Insert(3, Instruction.Create(OpCodes.Stsfld, counters));
    }
}
