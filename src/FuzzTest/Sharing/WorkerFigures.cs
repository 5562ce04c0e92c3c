namespace FuzzTest.Sharing;

/// <summary>One live worker as the broker sees it, for the combined status line.</summary>
/// <param name="Client">Its LLMP client id.</param>
/// <param name="Stats">The figures it reported last.</param>
/// <param name="ExecsPerSecond">Its recent speed, from its last few reports.</param>
internal readonly record struct WorkerFigures(uint Client, WorkerStats Stats, double ExecsPerSecond);
