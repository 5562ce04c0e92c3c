// The worker is all engine code; this assembly only gives it an entry point that `dotnet exec` can start.
return FuzzTest.Workers.WorkerHost.Main(args);
