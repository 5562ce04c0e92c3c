// The counter tests reset and read the TestTargets slice of one process-wide map; a test running
// TestTargets code at the same time would light counters in it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
