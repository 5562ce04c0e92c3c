namespace FuzzTest.Forkserver;

/// <summary>
/// The AFL++ forkserver wire format as data: descriptor numbers, environment variables, the
/// option bits of the hello word and the Linux wait-status encoding the forkserver relays.
/// All words on the pipes are 4 bytes in host byte order.
/// </summary>
/// <remarks>
/// Two handshakes exist. AFL++ up to 4.10c (Debian 12 ships 4.04c) says hello with a bit-field
/// of options; the fuzzer replies with one word only when it accepts shared-memory test cases
/// or a dictionary. AFL++ 4.20c and later say hello with a version word, expect its complement
/// back, then send options, their parameters and the version again.
/// </remarks>
internal static class AflProtocol
{
    /// <summary>The target reads run requests from this descriptor (<c>FORKSRV_FD</c>).</summary>
    public const int ControlFd = 198;

    /// <summary>The target writes the hello, child pids and wait statuses here (<c>FORKSRV_FD + 1</c>).</summary>
    public const int StatusFd = 199;

    /// <summary>Decimal SysV id of the coverage map.</summary>
    public const string ShmIdVariable = "__AFL_SHM_ID";

    /// <summary>Decimal SysV id of the test-case segment (u32 length, then the bytes).</summary>
    public const string ShmFuzzIdVariable = "__AFL_SHM_FUZZ_ID";

    /// <summary>Size of the coverage segment; a target with a larger map refuses to start (FS_ERROR_MAP_SIZE).</summary>
    public const string MapSizeVariable = "AFL_MAP_SIZE";

    /// <summary>Set to 1 for a persistent target, which then stops itself between inputs.</summary>
    public const string PersistentVariable = "__AFL_PERSISTENT";

    /// <summary>Set to 1 for a deferred target, which starts the forkserver at <c>__AFL_INIT()</c>, not in a constructor.</summary>
    public const string DeferVariable = "__AFL_DEFER_FORKSRV";

    /// <summary>Marker afl-cc puts in a binary that uses <c>__AFL_LOOP</c>.</summary>
    public const string PersistentSignature = "##SIG_AFL_PERSISTENT##";

    /// <summary>Marker afl-cc puts in a binary that uses <c>__AFL_INIT</c>.</summary>
    public const string DeferSignature = "##SIG_AFL_DEFER_FORKSRV##";

    /// <summary>afl-fuzz's default coverage segment (<c>DEFAULT_SHMEM_SIZE</c>, 8 MiB): the largest map a 4.04c hello can describe.</summary>
    public const int DefaultMapSize = 8 << 20;

    /// <summary>Largest test case (<c>MAX_FILE</c>, 1 MiB); the shared-memory segment holds this plus the length word.</summary>
    public const int MaxInput = 1 << 20;

    /// <summary>Old hello: options are present only if both bits are set (<c>FS_OPT_ENABLED</c>).</summary>
    public const uint OptEnabled = 0x80000001;

    /// <summary>Old hello: the map size is encoded in <see cref="OptMapSizeMask"/> (<c>FS_OPT_MAPSIZE</c>).</summary>
    public const uint OptMapSize = 0x40000000;

    /// <summary>Old hello: the target can read test cases from shared memory (<c>FS_OPT_SHDMEM_FUZZ</c>).</summary>
    public const uint OptSharedMemoryFuzz = 0x01000000;

    /// <summary>Old hello: the target has an autodictionary to send if asked (<c>FS_OPT_AUTODICT</c>).</summary>
    public const uint OptAutoDictionary = 0x10000000;

    /// <summary>Old hello: bits holding <c>(map size - 1) &lt;&lt; 1</c>.</summary>
    public const uint OptMapSizeMask = 0x00FFFFFE;

    /// <summary>Old hello: all these bits set means an error report, code in bits 8..23 (<c>FS_OPT_ERROR</c>).</summary>
    public const uint OptError = 0xF800008F;

    /// <summary>New hello: <c>0x41464C00 + version</c> ("AFL" and a version byte).</summary>
    public const uint NewHelloBase = 0x41464C00;

    /// <summary>New options: a u32 map size follows (<c>FS_NEW_OPT_MAPSIZE</c>).</summary>
    public const uint NewOptMapSize = 0x1;

    /// <summary>New options: the target reads test cases from shared memory (<c>FS_NEW_OPT_SHDMEM_FUZZ</c>).</summary>
    public const uint NewOptSharedMemoryFuzz = 0x2;

    /// <summary>New options: a u32 length and the dictionary follow (<c>FS_NEW_OPT_AUTODICT</c>); it must be read.</summary>
    public const uint NewOptAutoDictionary = 0x800;

    /// <summary>New protocol: an error word is <c>0xEFFE0000 | code</c> (<c>FS_NEW_ERROR</c>).</summary>
    public const uint NewError = 0xEFFE0000;

    /// <summary>Largest autodictionary a target may send, in bytes (afl-fuzz refuses more: 0xFFFFFF).</summary>
    public const uint MaxDictionaryLength = 0xFFFFFF;

    /// <summary>Map lengths are rounded up to this, as afl-fuzz does, so whole words can be scanned.</summary>
    public const int MapAlignment = 64;

    /// <summary>
    /// Largest coverage map accepted: 256 MiB, 32 times the 8 MiB afl-fuzz offers by default. A
    /// target asking for more reports a broken size; honouring it would reserve that much shared
    /// memory, and as much again for the feedback's record of what was seen.
    /// </summary>
    public const int MaxMapSize = 256 << 20;

    /// <summary>True when <paramref name="hello"/> is the 4.20c+ versioned hello.</summary>
    public static bool IsNewHello(uint hello) => (hello & 0xFFFFFF00) == NewHelloBase;

    /// <summary>The map size an old-style hello announces, or null when it carries none.</summary>
    public static int? OldMapSize(uint hello) =>
        (hello & OptEnabled) == OptEnabled && (hello & OptMapSize) != 0 ? (int)((hello & OptMapSizeMask) >> 1) + 1 : null;

    /// <summary>The error an old- or new-style word reports, or null when it is not an error.</summary>
    public static string? Error(uint word) =>
        (word & OptError) == OptError ? ErrorText((word >> 8) & 0xFFFF)
        : (word & NewError) == NewError ? ErrorText(word & 0xFFFF)
        : null;

    /// <summary><paramref name="size"/> rounded up to <see cref="MapAlignment"/>.</summary>
    public static int Align(int size) => (size + MapAlignment - 1) / MapAlignment * MapAlignment;

    private static string ErrorText(uint code) => code switch
    {
        1 => "the target's coverage map is larger than AFL_MAP_SIZE (FS_ERROR_MAP_SIZE)",
        2 => "the target could not place its map at the fixed address (FS_ERROR_MAP_ADDR)",
        4 => "the target could not open the shared memory (FS_ERROR_SHM_OPEN)",
        8 => "the target could not attach the shared memory (FS_ERROR_SHMAT)",
        16 => "the target could not map the shared memory (FS_ERROR_MMAP)",
        _ => $"the target reported forkserver error {code}",
    };
}
