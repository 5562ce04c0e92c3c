using FuzzTest.Workers;

namespace FuzzTest.Tests.Workers;

// The fixtures are real stderr of .NET 10 processes on Linux (exit codes as Process.ExitCode
// reports them), trimmed to a few frames; the comment on each says what the process did.
public class WorkerDeathTests
{
    private const string Cycle = "Sample.Parser.Json.ParseArray <- Sample.Parser.Json.ParseValue <- Sample.Parser.Json.ParseElement";

    // Main -> ParseValue -> ParseArray -> ParseElement -> ParseValue -> ...
    private const string StackOverflow = """
        target output before death
        target stderr before death
        Stack overflow.
        Repeated 87276 times:
        --------------------------------
           at Sample.Parser.Json.ParseElement(System.String, Int32)
           at Sample.Parser.Json.ParseArray(System.String, Int32)
           at Sample.Parser.Json.ParseValue(System.String, Int32)
        --------------------------------
           at Sample.App.Program.Main(System.String[])
        """;

    // The same recursion on a thread with a 256 KiB stack: it ran out at another depth, in another method of the cycle.
    private const string StackOverflowOnSmallStack = """
        target stderr before death
        Stack overflow.
        Repeated 2677 times:
        --------------------------------
           at Sample.Parser.Json.ParseValue(System.String, Int32)
           at Sample.Parser.Json.ParseElement(System.String, Int32)
           at Sample.Parser.Json.ParseArray(System.String, Int32)
        --------------------------------
           at Sample.Parser.Json.ParseValue(System.String, Int32)
           at Sample.App.Program+<>c.<Main>b__6_1()
           at System.Threading.Thread.StartCallback()
        """;

    [Fact]
    public void StackOverflow_IsNamedByTheRecursionsCycle()
    {
        var death = WorkerDeath.Classify(134, StackOverflow);

        Assert.Equal(DeathKind.StackOverflow, death.Kind);
        Assert.Equal(134, death.ExitCode);
        Assert.Equal("stack overflow in Sample.Parser.Json.ParseValue", death.Summary);
        Assert.Equal($"StackOverflow at {Cycle}", death.Signature);
        Assert.StartsWith("Stack overflow.\nRepeated 87276 times:", death.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoStackOverflowsThroughTheSameRecursion_HaveOneSignature_WhateverTheDepth()
    {
        var deep = WorkerDeath.Classify(134, StackOverflow);
        var shallow = WorkerDeath.Classify(134, StackOverflowOnSmallStack);

        Assert.Equal(DeathKind.StackOverflow, shallow.Kind);
        Assert.Equal(deep.Signature, shallow.Signature);
        Assert.Equal(deep.Summary, shallow.Summary);
    }

    [Fact]
    public void StackOverflow_ListedFrameByFrame_IsNamedByTheRecursion_NotTheHelperItRanOutIn()
    {
        // WithLeaf recurses and calls Leaf (60 KB of stackalloc) each time; the runtime only
        // folds repetitions that start at the top frame, so it printed every frame.
        var text = """
            Stack overflow.
               at System.Buffer.ZeroMemoryInternal(Byte ByRef, UIntPtr)
               at Sample.Parser.Json.Leaf(Int32)
               at Sample.Parser.Json.WithLeaf(Int32)
               at Sample.Parser.Json.WithLeaf(Int32)
               at Sample.Parser.Json.WithLeaf(Int32)
               at Sample.Parser.Json.WithLeaf(Int32)
               at Sample.Parser.Json.WithLeaf(Int32)
               at Sample.App.Program.Main(System.String[])
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.StackOverflow, death.Kind);
        Assert.Equal("stack overflow in Sample.Parser.Json.WithLeaf", death.Summary);
        Assert.Equal("StackOverflow at Sample.Parser.Json.WithLeaf", death.Signature);
    }

    [Fact]
    public void StackOverflowWithMegabytesOfFrames_IsStillRecognised_ThroughTheTail()
    {
        // As the run above really printed it: 260,000 frames, about 10 MB, far over the tail.
        var tail = new OutputTail();
        tail.Append("target stderr before death");
        tail.Append("Stack overflow.");
        tail.Append("   at System.Buffer.ZeroMemoryInternal(Byte ByRef, UIntPtr)");
        tail.Append("   at Sample.Parser.Json.Leaf(Int32)");
        for (var i = 0; i < 260_000; i++)
        {
            tail.Append("   at Sample.Parser.Json.WithLeaf(Int32)");
        }

        tail.Append("   at Sample.App.Program.Main(System.String[])");

        var death = WorkerDeath.Classify(134, tail.Text);

        Assert.Equal(DeathKind.StackOverflow, death.Kind);
        Assert.Equal("stack overflow in Sample.Parser.Json.WithLeaf", death.Summary);
        Assert.Equal("StackOverflow at Sample.Parser.Json.WithLeaf", death.Signature);
        Assert.True(death.Details.Length <= WorkerDeath.DetailsCapacity + 20, $"details of {death.Details.Length} characters");
    }

    [Fact]
    public void StackOverflow_InAGenericMethod_DropsTheGenericArguments()
    {
        var text = """
            Stack overflow.
            Repeated 261741 times:
            --------------------------------
               at Sample.App.Gen`1[[System.Int32, System.Private.CoreLib, Version=10.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]].Rec[[System.Int32, System.Private.CoreLib, Version=10.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]](System.Collections.Generic.List`1<Int32>, Int32)
            --------------------------------
               at Sample.App.Program.Main(System.String[])
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal("stack overflow in Sample.App.Gen`1.Rec", death.Summary);
        Assert.Equal("StackOverflow at Sample.App.Gen`1.Rec", death.Signature);
    }

    [Fact]
    public void TargetOutputBeforeTheRuntimesReport_IsIgnored_EvenWhenItLooksLikeOne()
    {
        var text = """
            target stderr before death
            Unhandled exception. fake line from target 0
            Unhandled exception. fake line from target 1
            Stack overflow.
            Repeated 87268 times:
            --------------------------------
               at Sample.Parser.Json.ParseValue(System.String, Int32)
               at Sample.Parser.Json.ParseElement(System.String, Int32)
               at Sample.Parser.Json.ParseArray(System.String, Int32)
            --------------------------------
               at Sample.Parser.Json.ParseValue(System.String, Int32)
               at Sample.App.Program.Main(System.String[])
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.StackOverflow, death.Kind);
        Assert.Equal($"StackOverflow at {Cycle}", death.Signature);
        Assert.StartsWith("Stack overflow.", death.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void FailFast_GivesItsMessageAndTheCaller_NotTheFrameworksFrames()
    {
        // Environment.FailFast("boom") in Program.Fail.
        var text = """
            target stderr before death
            Process terminated.
            boom
               at System.Environment.FailFast(System.Runtime.CompilerServices.StackCrawlMarkHandle, System.String, System.Runtime.CompilerServices.ObjectHandleOnStack, System.String)
               at System.Environment.FailFast(System.Threading.StackCrawlMark ByRef, System.String, System.Exception, System.String)
               at System.Environment.FailFast(System.String)
               at Sample.App.Program.Fail()
               at Sample.App.Program.Main(System.String[])
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.FailFast, death.Kind);
        Assert.Equal("Environment.FailFast: boom (in Sample.App.Program.Fail)", death.Summary);
        Assert.Equal("FailFast at Sample.App.Program.Fail <- Sample.App.Program.Main", death.Signature);
        Assert.StartsWith("Process terminated.\nboom\n", death.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void FailFastWithAnException_TakesTheFailFastFrames()
    {
        var text = """
            Process terminated.
            with ex
               at System.Environment.FailFast(System.Runtime.CompilerServices.StackCrawlMarkHandle, System.String, System.Runtime.CompilerServices.ObjectHandleOnStack, System.String)
               at System.Environment.FailFast(System.Threading.StackCrawlMark ByRef, System.String, System.Exception, System.String)
               at System.Environment.FailFast(System.String, System.Exception)
               at Sample.App.Program.Main(System.String[])
            System.InvalidOperationException: cause
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.FailFast, death.Kind);
        Assert.Equal("Environment.FailFast: with ex (in Sample.App.Program.Main)", death.Summary);
        Assert.Equal("FailFast at Sample.App.Program.Main", death.Signature);
    }

    [Fact]
    public void FailedDebugAssert_IsAFailFast_WithTheWholeMessage()
    {
        // Debug.Assert(false, "assert msg") in a Debug build.
        var text = """
            Process terminated.
            Assertion failed.
            assert msg
               at Sample.App.Program.Main(String[] args) in /tmp/deathsamples/Program.cs:line 91
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.FailFast, death.Kind);
        Assert.Equal("Environment.FailFast: Assertion failed. assert msg (in Sample.App.Program.Main)", death.Summary);
        Assert.Equal("FailFast at Sample.App.Program.Main", death.Signature);
    }

    [Fact]
    public void AccessViolation_IsFound_EvenRightAfterOutputWithoutANewline()
    {
        // Console.Out.Write("partial no newline"), then *(int*)0x10000 = value in Poker.Poke.
        var text = """
            target stderr before death
            partial no newlineFatal error.
            System.AccessViolationException: Attempted to read or write protected memory. This is often an indication that other memory is corrupt.
               at Sample.Native.Poker.Poke(Int32)
               at Sample.App.Program.Main(System.String[])
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.AccessViolation, death.Kind);
        Assert.Equal("access violation in Sample.Native.Poker.Poke", death.Summary);
        Assert.Equal("AccessViolation at Sample.Native.Poker.Poke <- Sample.App.Program.Main", death.Signature);
        Assert.StartsWith("Fatal error.\nSystem.AccessViolationException", death.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void UnhandledAccessViolationException_IsAnAccessViolation()
    {
        // Marshal.ReadInt32(IntPtr.Zero) in a Debug build.
        var text = """
            Unhandled exception. System.AccessViolationException: Attempted to read or write protected memory. This is often an indication that other memory is corrupt.
               at System.Runtime.InteropServices.Marshal.ReadInt32(IntPtr ptr, Int32 ofs)
               at Sample.App.Program.Main(String[] args) in /tmp/deathsamples/Program.cs:line 79
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.AccessViolation, death.Kind);
        Assert.Equal("access violation in Sample.App.Program.Main", death.Summary);
        Assert.Equal("AccessViolation at Sample.App.Program.Main", death.Signature);
    }

    [Fact]
    public void UnhandledExceptionOnAnotherThread_NamesTypeThreadAndMessage()
    {
        // new Thread(() => throw new InvalidOperationException("bg")).Start() in Program.Background.
        var text = """
            target stderr before death
            Unhandled exception. System.InvalidOperationException: bg
               at Sample.App.Program.<>c.<Background>b__3_0() in /tmp/deathsamples/Program.cs:line 48
               at System.Threading.Thread.StartCallback()
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.UnhandledException, death.Kind);
        Assert.Equal("unhandled System.InvalidOperationException on another thread: bg", death.Summary);
        Assert.Equal("UnhandledException System.InvalidOperationException at Sample.App.Program.<>c.<Background>b__3_0", death.Signature);
    }

    [Fact]
    public void UnhandledExceptionInAnAsyncVoidMethod_IsOnAnotherThread()
    {
        var text = """
            Unhandled exception. System.Collections.Generic.KeyNotFoundException: async
               at Sample.App.Program.AsyncVoid() in /tmp/deathsamples/Program.cs:line 59
               at System.Threading.Tasks.Task.<>c.<ThrowAsync>b__124_1(Object state)
               at System.Threading.ThreadPoolWorkQueue.Dispatch()
               at System.Threading.PortableThreadPool.WorkerThread.WorkerThreadStart()
               at System.Threading.Thread.StartCallback()
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal("unhandled System.Collections.Generic.KeyNotFoundException on another thread: async", death.Summary);
        Assert.Equal("UnhandledException System.Collections.Generic.KeyNotFoundException at Sample.App.Program.AsyncVoid", death.Signature);
    }

    [Fact]
    public void UnhandledExceptionWithAnInnerOne_IsSignedByTheOuterExceptionsFrames()
    {
        var text = """
            Unhandled exception. System.InvalidOperationException: outer
             ---> System.FormatException: inner bad
               at Sample.App.Program.Inner() in /tmp/deathsamples/Program.cs:line 55
               --- End of inner exception stack trace ---
               at Sample.App.Program.Inner() in /tmp/deathsamples/Program.cs:line 56
               at Sample.App.Program.Main(String[] args) in /tmp/deathsamples/Program.cs:line 71
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.UnhandledException, death.Kind);
        Assert.Equal("unhandled System.InvalidOperationException: outer", death.Summary);
        Assert.Equal("UnhandledException System.InvalidOperationException at Sample.App.Program.Inner <- Sample.App.Program.Main", death.Signature);
    }

    [Fact]
    public void UnhandledAggregateException_OnTheMainThread_IsNotOnAnotherThread()
    {
        // Task.Run(() => throw ...).Wait() in Main: the inner exception's frames are the pool's.
        var text = """
            Unhandled exception. System.AggregateException: One or more errors occurred. (t)
             ---> System.InvalidOperationException: t
               at Sample.App.Program.<>c.<Main>b__6_1() in /tmp/deathsamples/Program.cs:line 98
               at System.Threading.Tasks.Task`1.InnerInvoke()
               at System.Threading.ExecutionContext.RunFromThreadPoolDispatchLoop(Thread threadPoolThread, ExecutionContext executionContext, ContextCallback callback, Object state)
            --- End of stack trace from previous location ---
               at System.Threading.ExecutionContext.RunFromThreadPoolDispatchLoop(Thread threadPoolThread, ExecutionContext executionContext, ContextCallback callback, Object state)
               at System.Threading.Tasks.Task.ExecuteWithThreadLocal(Task& currentTaskSlot, Thread threadPoolThread)
               --- End of inner exception stack trace ---
               at System.Threading.Tasks.Task.ThrowIfExceptional(Boolean includeTaskCanceledExceptions)
               at System.Threading.Tasks.Task.Wait(Int32 millisecondsTimeout, CancellationToken cancellationToken)
               at System.Threading.Tasks.Task.Wait()
               at Sample.App.Program.Main(String[] args) in /tmp/deathsamples/Program.cs:line 98
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal("unhandled System.AggregateException: One or more errors occurred. (t)", death.Summary);
        Assert.Equal("UnhandledException System.AggregateException at Sample.App.Program.Main", death.Signature);
    }

    [Fact]
    public void OutOfMemory_UnderAHeapHardLimit()
    {
        // Allocating 1 MB arrays into a list with DOTNET_GCHeapHardLimit=0x10000000; an
        // unhandled "throw new OutOfMemoryException()" printed exactly the same.
        var text = """
            target stderr before death
            Out of memory.
            """;

        var death = WorkerDeath.Classify(134, text);

        Assert.Equal(DeathKind.OutOfMemory, death.Kind);
        Assert.Equal("out of memory", death.Summary);
        Assert.Equal("OutOfMemory", death.Signature);
    }

    [Fact]
    public void SigKill_WithNoOutput_IsKilled()
    {
        var death = WorkerDeath.Classify(137, "");

        Assert.Equal(DeathKind.Killed, death.Kind);
        Assert.Equal("killed by SIGKILL", death.Summary);
        Assert.Equal("Killed", death.Signature);
        Assert.Equal("", death.Details);
    }

    [Fact]
    public void AnotherSignal_IsNamed()
    {
        var death = WorkerDeath.Classify(139, "last words\n");

        Assert.Equal(DeathKind.Signal, death.Kind);
        Assert.Equal("killed by signal 11 (SIGSEGV)", death.Summary);
        Assert.Equal("Signal 11", death.Signature);
        Assert.Equal("last words", death.Details);
    }

    [Fact]
    public void AbortWithoutARuntimeReport_IsASignal()
    {
        // Native code calling abort(): SIGABRT, but the runtime wrote nothing.
        var death = WorkerDeath.Classify(134, "target stderr before death\n");

        Assert.Equal(DeathKind.Signal, death.Kind);
        Assert.Equal("killed by signal 6 (SIGABRT)", death.Summary);
        Assert.Equal("Signal 6", death.Signature);
    }

    [Fact]
    public void EnvironmentExit_IsExited_WithItsCode()
    {
        var death = WorkerDeath.Classify(3, "target stderr before death\n");

        Assert.Equal(DeathKind.Exited, death.Kind);
        Assert.Equal("exited with code 3", death.Summary);
        Assert.Equal("Exited 3", death.Signature);
        Assert.Equal("target stderr before death", death.Details);
    }

    [Fact]
    public void AnExitCode_IsNotMistakenForACrash_BecauseTheTargetPrintedAReport()
    {
        var death = WorkerDeath.Classify(3, StackOverflow);

        Assert.Equal(DeathKind.Exited, death.Kind);
        Assert.Equal("Exited 3", death.Signature);
    }

    [Fact]
    public void FrameworkAndFuzzTestFrames_AreSkipped_UnlessNothingElseIsLeft()
    {
        var engine = """
            Unhandled exception. System.FormatException: bad
               at System.Number.ThrowFormatException(System.ReadOnlySpan`1<Char>)
               at FuzzTest.TestTargets.Parsers.ParseDigit(System.ReadOnlySpan`1<Byte>)
               at FuzzTest.Workers.WorkerHost.Run()
            """;
        var user = """
            Unhandled exception. System.FormatException: bad
               at System.Number.ThrowFormatException(System.ReadOnlySpan`1<Char>)
               at Sample.Parsers.ParseDigit(System.ReadOnlySpan`1<Byte>)
               at FuzzTest.Workers.WorkerHost.Run()
               at Microsoft.Extensions.Hosting.Run()
            """;

        Assert.Equal(
            "UnhandledException System.FormatException at FuzzTest.TestTargets.Parsers.ParseDigit <- FuzzTest.Workers.WorkerHost.Run",
            WorkerDeath.Classify(134, engine).Signature);
        Assert.Equal("UnhandledException System.FormatException at Sample.Parsers.ParseDigit", WorkerDeath.Classify(134, user).Signature);
    }

    [Fact]
    public void Details_KeepTheStartOfALongReport()
    {
        var text = "Unhandled exception. System.Exception: deep\n"
            + string.Concat(Enumerable.Range(0, 1000).Select(i => $"   at Sample.Deep.Level{i}()\n"));

        var death = WorkerDeath.Classify(134, text);

        Assert.True(death.Details.Length <= WorkerDeath.DetailsCapacity + 20, $"details of {death.Details.Length} characters");
        Assert.StartsWith("Unhandled exception. System.Exception: deep\n   at Sample.Deep.Level0()", death.Details, StringComparison.Ordinal);
        Assert.Equal("UnhandledException System.Exception at Sample.Deep.Level0 <- Sample.Deep.Level1 <- Sample.Deep.Level2", death.Signature);
    }

    [Theory]
    [InlineData(6, "SIGABRT")]
    [InlineData(9, "SIGKILL")]
    [InlineData(11, "SIGSEGV")]
    [InlineData(4, "SIGILL")]
    [InlineData(8, "SIGFPE")]
    [InlineData(15, "SIGTERM")]
    [InlineData(42, "")]
    public void SignalName_NamesCommonSignals(int signal, string name) => Assert.Equal(name, WorkerDeath.SignalName(signal));

    [Fact]
    public void SignalName_KnowsThatSigBusDiffersBetweenLinuxAndMacOS() =>
        Assert.Equal("SIGBUS", WorkerDeath.SignalName(OperatingSystem.IsMacOS() ? 10 : 7));
}
