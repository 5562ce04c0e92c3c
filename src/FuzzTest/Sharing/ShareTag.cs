namespace FuzzTest.Sharing;

/// <summary>
/// The tags of the messages fuzz workers exchange through the LLMP broker, and their payloads.
/// The values spell four ASCII letters (little-endian), so a page dump shows what each message is.
/// </summary>
internal static class ShareTag
{
    /// <summary>"TCAS": a new corpus entry. Payload: topic (u32, see <see cref="WorkerSharing"/>), then the input bytes. Forwarded to every worker.</summary>
    public const uint Testcase = 0x53414354;

    /// <summary>"FIND": a bug a worker reported. Payload: topic (u32), then its signature (UTF-8). Forwarded, so the others do not report it again.</summary>
    public const uint Finding = 0x444E4946;

    /// <summary>"STAT": a worker's figures, see <see cref="WorkerStats"/>. Handled by the broker, never forwarded.</summary>
    public const uint Stats = 0x54415453;
}
