using System.Reflection;
using System.Text;

namespace FuzzTest.Targets;

/// <summary>Runs a fuzz target on the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
internal delegate void InputInvoker(byte[] buffer, int length);

/// <summary>
/// A [Fuzz] method bound to its instance, callable on raw bytes without reflection per call:
/// the method is turned into a typed delegate once, and bytes are converted to the parameter type.
/// </summary>
internal sealed class FuzzTarget
{
    private delegate void SpanAction(ReadOnlySpan<byte> data);

    private delegate Task SpanTask(ReadOnlySpan<byte> data);

    private FuzzTarget(MethodInfo method, InputInvoker invoke, AflProgram? program = null)
    {
        Method = method;
        Invoke = invoke;
        Program = program;
    }

    /// <summary>The [Fuzz] method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Calls the method; exceptions from the method propagate unchanged.</summary>
    public InputInvoker Invoke { get; }

    /// <summary>The native program the method returned, for a method that fuzzes one; its inputs run through the program's forkserver, not <see cref="Invoke"/>.</summary>
    public AflProgram? Program { get; }

    /// <summary>Binds <paramref name="method"/> to <paramref name="instance"/> (null for a static method).</summary>
    /// <exception cref="InvalidOperationException">The signature is not supported; the message says why.</exception>
    public static FuzzTarget Bind(MethodInfo method, object? instance)
    {
        var problem = SignatureCheck.Problem(method);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }

        var target = method.IsStatic ? null : instance ?? throw new ArgumentNullException(
            nameof(instance), $"{SignatureCheck.Describe(method)} is an instance method; pass the test class instance.");
        if (method.ReturnType == typeof(AflProgram))
        {
            return BindProgram(method, target);
        }

        var parameter = method.GetParameters()[0].ParameterType;
        var isTask = method.ReturnType == typeof(Task);

        InputInvoker invoke;
        if (parameter == typeof(ReadOnlySpan<byte>))
        {
            if (isTask)
            {
                var call = method.CreateDelegate<SpanTask>(target);
                invoke = (buffer, length) => call(new ReadOnlySpan<byte>(buffer, 0, length)).GetAwaiter().GetResult();
            }
            else
            {
                var call = method.CreateDelegate<SpanAction>(target);
                invoke = (buffer, length) => call(new ReadOnlySpan<byte>(buffer, 0, length));
            }
        }
        else if (parameter == typeof(byte[]))
        {
            invoke = Convert(method, target, isTask, static (buffer, length) => buffer.AsSpan(0, length).ToArray());
        }
        else if (parameter == typeof(ReadOnlyMemory<byte>))
        {
            invoke = Convert(method, target, isTask, static (buffer, length) => new ReadOnlyMemory<byte>(buffer, 0, length));
        }
        else if (parameter == typeof(Stream))
        {
            invoke = Convert<Stream>(method, target, isTask, static (buffer, length) => new MemoryStream(buffer, 0, length, writable: false));
        }
        else
        {
            invoke = Convert(method, target, isTask, static (buffer, length) => Encoding.UTF8.GetString(buffer, 0, length));
        }

        return new FuzzTarget(method, invoke);
    }

    /// <summary>Runs the target once on <paramref name="input"/> (a convenience for replay; the fuzz loop uses <see cref="Invoke"/>).</summary>
    public void Run(byte[] input) => Invoke(input, input.Length);

    private static FuzzTarget BindProgram(MethodInfo method, object? target)
    {
        AflProgram? program;
        try
        {
            program = (AflProgram?)method.Invoke(target, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new InvalidOperationException($"{SignatureCheck.Describe(method)} threw while describing its native program: {inner.Message}", inner);
        }

        if (program is null)
        {
            throw new InvalidOperationException($"{SignatureCheck.Describe(method)} returned null; return the AflProgram to fuzz.");
        }

        var name = SignatureCheck.Describe(method);
        return new FuzzTarget(
            method,
            (_, _) => throw new InvalidOperationException($"{name} fuzzes the native program {program.Path}; its inputs run through the program's forkserver."),
            program);
    }

    private static InputInvoker Convert<T>(MethodInfo method, object? target, bool isTask, Func<byte[], int, T> convert)
    {
        if (isTask)
        {
            var call = method.CreateDelegate<Func<T, Task>>(target);
            return (buffer, length) => call(convert(buffer, length)).GetAwaiter().GetResult();
        }

        var action = method.CreateDelegate<Action<T>>(target);
        return (buffer, length) => action(convert(buffer, length));
    }
}
