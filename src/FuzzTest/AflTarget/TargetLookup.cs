using System.Reflection;
using FuzzTest.Runtime;
using FuzzTest.Workers;

namespace FuzzTest.AflTarget;

/// <summary>
/// Finds the method a user names on the command line (<c>TinyJsonFuzz.Parse</c>, or with the
/// namespace) in the test assembly, and the test framework's factory that builds its class.
/// </summary>
internal static class TargetLookup
{
    private const string FuzzAttributeName = "FuzzAttribute";

    /// <summary>The worker description of <paramref name="name"/> in <paramref name="assembly"/>.</summary>
    /// <exception cref="ArgumentException">No method, or several, match; the message lists the [Fuzz] methods.</exception>
    public static WorkerTarget Find(Assembly assembly, string name, string? factoryType)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
        {
            throw new ArgumentException($"'{name}' is not a method name: write Class.Method, e.g. {Example(assembly)}.");
        }

        var (typeName, methodName) = (name[..dot], name[(dot + 1)..]);
        var matches = Types(assembly)
            .Where(t => t.FullName == typeName || t.Name == typeName)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.Name == methodName)
                .Select(m => (Type: t, Method: m)))
            .ToList();

        // Overloads and same-named classes in other namespaces: a [Fuzz] method wins.
        if (matches.Count > 1 && matches.Where(m => IsFuzz(m.Method)).ToList() is { Count: > 0 } fuzz)
        {
            matches = fuzz;
        }

        return matches switch
        {
            [var (type, method)] => new WorkerTarget(assembly.Location, type.FullName!, method.Name, method.MetadataToken, factoryType ?? Factory(assembly)),
            [] => throw new ArgumentException($"no method {name} in {assembly.GetName().Name}. {Listing(assembly)}"),
            _ => throw new ArgumentException($"{name} matches {matches.Count} methods ({string.Join(", ", matches.Select(m => m.Type.FullName + "." + m.Method.Name))}): write the class with its namespace."),
        };
    }

    /// <summary>"[Fuzz] methods in X: A.B, C.D", for messages.</summary>
    public static string Listing(Assembly assembly)
    {
        var names = FuzzMethods(assembly).ToList();
        return names.Count == 0
            ? $"{assembly.GetName().Name} has no [Fuzz] methods."
            : $"[Fuzz] methods in {assembly.GetName().Name}: {string.Join(", ", names)}.";
    }

    /// <summary>
    /// The comparison constants instrumentation stored in the assemblies the test assembly
    /// references (directly or not) from its own folder: the code under test.
    /// </summary>
    public static IEnumerable<byte[]> Dictionary(Assembly assembly)
    {
        var folder = Path.GetDirectoryName(assembly.Location);
        var seen = new HashSet<string>();
        var pending = new Queue<Assembly>([assembly]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var token in DictionaryResource.Read(next))
            {
                yield return token;
            }

            foreach (var reference in next.GetReferencedAssemblies())
            {
                if (seen.Add(reference.FullName) && File.Exists(Path.Combine(folder ?? "", reference.Name + ".dll")) && TryLoad(reference) is { } loaded)
                {
                    pending.Enqueue(loaded);
                }
            }
        }
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }

    // The one test-framework factory among the FuzzTest adapters beside the test assembly; the
    // plain factory (static methods, parameterless constructors) when there is none.
    private static string Factory(Assembly assembly)
    {
        var folder = Path.GetDirectoryName(assembly.Location) ?? ".";
        var factories = Directory.EnumerateFiles(folder, "FuzzTest.*.dll")
            .Where(path => !string.Equals(Path.GetFullPath(path), assembly.Location, StringComparison.Ordinal))
            .Select(path => TryLoad(AssemblyName.GetAssemblyName(path)))
            .OfType<Assembly>()
            .SelectMany(Types)
            .Where(t => typeof(IWorkerTargetFactory).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
            .ToList();
        return factories switch
        {
            [var only] => only.AssemblyQualifiedName!,
            [] => typeof(PlainTargetFactory).AssemblyQualifiedName!,
            _ => throw new ArgumentException($"several test-framework adapters are present ({string.Join(", ", factories.Select(f => f.Assembly.GetName().Name))}): name one with --factory <type, assembly>."),
        };
    }

    private static IEnumerable<string> FuzzMethods(Assembly assembly) =>
        Types(assembly).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(IsFuzz)
            .Select(m => $"{t.Name}.{m.Name}"));

    private static string Example(Assembly assembly) => FuzzMethods(assembly).FirstOrDefault() ?? "TinyJsonFuzz.Parse";

    private static bool IsFuzz(MethodInfo method) => method.CustomAttributes.Any(a => a.AttributeType.Name == FuzzAttributeName);

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
