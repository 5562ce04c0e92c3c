namespace FuzzTest.Workers;

/// <summary>
/// The first byte of every frame between the parent and a worker. Values are part of the wire
/// format (<see cref="WorkerChannel"/>): append new kinds, never renumber.
/// </summary>
internal enum MessageKind : byte
{
    /// <summary>Worker → parent, once: the target is bound and the map attached. Payload: none.</summary>
    Ready = 1,

    /// <summary>Worker → parent: start-up failed. Payload: message (string).</summary>
    StartFailed = 2,

    /// <summary>Parent → worker: run one input. Payload: input (bytes).</summary>
    Run = 3,

    /// <summary>
    /// Worker → parent: how a <see cref="Run"/> ended. Payload: outcome, i.e. kind (u8, ExitKind),
    /// then signature, summary and description (strings).
    /// </summary>
    RunResult = 4,

    /// <summary>
    /// Parent → worker: run the seeds, then fuzz. Payload: random seed (u64), runs left (i64),
    /// maximum length (i32), known signatures (i32 count, then strings), seeds (i32 count, then
    /// byte arrays, each already cut to the maximum length), the LLMP broker's port (i32, 0 when
    /// the worker fuzzes alone), content hashes of inputs never to import from the broker (i32
    /// count, then strings: they killed a worker), dictionary tokens from the test (i32 count,
    /// then byte arrays).
    /// </summary>
    Fuzz = 5,

    /// <summary>
    /// Worker → parent: the seeds have run. Payload: status, i.e. executions (i64), then corpus,
    /// covered, counters and dictionary tokens (i32 each).
    /// </summary>
    SeedsDone = 6,

    /// <summary>Worker → parent: an input reached new coverage. Payload: input (bytes), cost (i64).</summary>
    Kept = 7,

    /// <summary>
    /// Worker → parent: an input failed with a bug not reported before. Payload: input (bytes),
    /// outcome. The worker then serves <see cref="Run"/> requests until <see cref="Continue"/>.
    /// </summary>
    Failed = 8,

    /// <summary>
    /// Parent → worker: resume fuzzing after <see cref="Failed"/>. Payload: runs left (i64), as
    /// minimizing in other workers may have spent some of the budget.
    /// </summary>
    Continue = 9,

    /// <summary>Worker → parent: fuzzing ended (run limit reached or stop requested). Payload: status.</summary>
    Done = 10,

    /// <summary>
    /// Parent → worker: run one input like <see cref="Run"/>, but leave its coverage counters in
    /// the map, where the parent reads and then clears them (the AFL relay copies them into
    /// afl-fuzz's map). Payload: input (bytes). Answered with <see cref="RunResult"/>.
    /// </summary>
    RunKeepingCoverage = 11,
}
