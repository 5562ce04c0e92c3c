// The worker is all engine code; this assembly only gives it an entry point that `dotnet exec` can start.
// With --afl the same entry point serves afl-fuzz instead of a FuzzTest parent.
return args.Contains(FuzzTest.AflTarget.AflTargetProgram.Option)
    ? FuzzTest.AflTarget.AflTargetProgram.Main(args)
    : FuzzTest.Workers.WorkerHost.Main(args);
