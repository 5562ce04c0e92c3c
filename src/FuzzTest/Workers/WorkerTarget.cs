using System.Reflection;

namespace FuzzTest.Workers;

/// <summary>
/// What a worker process needs to find and build the [Fuzz] method by itself: the test
/// assembly, the method, and the test framework's factory that creates the test class instance
/// the way that framework would.
/// </summary>
/// <param name="AssemblyPath">Full path of the test assembly (its runtimeconfig and deps files sit beside it).</param>
/// <param name="TypeName">Full name of the class that declares the method as reflected (the test class).</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="MetadataToken">The method's metadata token, exact even for overloads.</param>
/// <param name="FactoryType">Assembly-qualified name of an <see cref="IWorkerTargetFactory"/>.</param>
internal sealed record WorkerTarget(string AssemblyPath, string TypeName, string MethodName, int MetadataToken, string FactoryType)
{
    /// <summary>Describes <paramref name="method"/> of <paramref name="testClass"/>, built in the worker by <typeparamref name="TFactory"/>.</summary>
    public static WorkerTarget For<TFactory>(MethodInfo method, Type testClass)
        where TFactory : IWorkerTargetFactory =>
        new(testClass.Assembly.Location, testClass.FullName!, method.Name, method.MetadataToken, typeof(TFactory).AssemblyQualifiedName!);

    /// <summary>The command-line arguments that carry this description to the worker.</summary>
    public IEnumerable<string> ToArguments() =>
        ["--assembly", AssemblyPath, "--type", TypeName, "--method", MethodName, "--method-token", MetadataToken.ToString(System.Globalization.CultureInfo.InvariantCulture), "--factory", FactoryType];

    /// <summary>Reads what <see cref="ToArguments"/> wrote.</summary>
    /// <exception cref="ArgumentException">An argument is missing.</exception>
    public static WorkerTarget FromArguments(IReadOnlyList<string> args)
    {
        string Get(string name)
        {
            var at = args.ToList().IndexOf(name);
            return at >= 0 && at + 1 < args.Count ? args[at + 1] : throw new ArgumentException($"FuzzTest worker: missing {name}. The worker is started by FuzzTest, not by hand.");
        }

        return new(Get("--assembly"), Get("--type"), Get("--method"), int.Parse(Get("--method-token"), System.Globalization.CultureInfo.InvariantCulture), Get("--factory"));
    }

    /// <summary>Loads the assembly and finds the method (in the worker).</summary>
    /// <exception cref="InvalidOperationException">The type or method is not there.</exception>
    public (Type TestClass, MethodInfo Method) Resolve()
    {
        var assembly = Assembly.LoadFrom(AssemblyPath);
        var type = assembly.GetType(TypeName, throwOnError: false)
            ?? throw new InvalidOperationException($"FuzzTest worker: type {TypeName} not found in {AssemblyPath}. Rebuild the test project.");
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .FirstOrDefault(m => m.MetadataToken == MetadataToken && m.Name == MethodName)
            ?? throw new InvalidOperationException($"FuzzTest worker: method {MethodName} (token 0x{MetadataToken:x8}) not found in {TypeName}. Rebuild the test project.");
        return (type, method);
    }
}
