using System.Reflection;

namespace FuzzTest.Targets;

/// <summary>Decides whether a method can be a fuzz target, and says exactly why not.</summary>
internal static class SignatureCheck
{
    /// <summary>The signatures a [Fuzz] method may have, for error messages and docs.</summary>
    public const string Supported =
        "A [Fuzz] method is public, not generic, returns void or Task, and takes exactly one parameter of type " +
        "byte[], ReadOnlySpan<byte>, ReadOnlyMemory<byte>, Stream or string (the input decoded as UTF-8); " +
        "or, to fuzz a native program built with AFL++'s compilers, takes no parameters and returns an AflProgram.";

    private static readonly Type[] ParameterTypes =
        [typeof(byte[]), typeof(ReadOnlySpan<byte>), typeof(ReadOnlyMemory<byte>), typeof(Stream), typeof(string)];

    /// <summary>Returns null when <paramref name="method"/> is a valid target, otherwise a message naming the method, the problem and the fix.</summary>
    public static string? Problem(MethodInfo method)
    {
        var what = WhatIsWrong(method);
        return what is null ? null : $"{Describe(method)} cannot be fuzzed: {what}. {Supported}";
    }

    /// <summary>"Class.Method(Type name, ...)" for messages.</summary>
    public static string Describe(MethodInfo method)
    {
        var parameters = string.Join(", ", method.GetParameters().Select(p => $"{TypeName(p.ParameterType)} {p.Name}"));
        return $"{method.DeclaringType?.Name}.{method.Name}({parameters})";
    }

    private static string? WhatIsWrong(MethodInfo method)
    {
        if (!method.IsPublic)
        {
            return "it is not public";
        }

        if (method.IsGenericMethodDefinition || method.DeclaringType?.ContainsGenericParameters == true)
        {
            return "it is generic";
        }

        if (method.IsAbstract)
        {
            return "it is abstract";
        }

        if (method.ReturnType == typeof(AflProgram))
        {
            var count = method.GetParameters().Length;
            return count == 0 ? null : $"it returns an AflProgram but takes {count} parameter{(count == 1 ? "" : "s")}";
        }

        if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task))
        {
            return $"it returns {TypeName(method.ReturnType)}";
        }

        var parameters = method.GetParameters();
        if (parameters.Length != 1)
        {
            return $"it takes {parameters.Length} parameters";
        }

        var parameter = parameters[0];
        if (parameter.ParameterType.IsByRef || parameter.IsOut)
        {
            return $"parameter '{parameter.Name}' is passed by reference";
        }

        return Array.IndexOf(ParameterTypes, parameter.ParameterType) < 0
            ? $"parameter '{parameter.Name}' has type {TypeName(parameter.ParameterType)}"
            : null;
    }

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(void) => "void",
        _ when type == typeof(int) => "int",
        _ when type == typeof(string) => "string",
        _ when type == typeof(byte[]) => "byte[]",
        { IsByRef: true } => TypeName(type.GetElementType()!) + "&",
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>",
        _ => type.Name,
    };
}
