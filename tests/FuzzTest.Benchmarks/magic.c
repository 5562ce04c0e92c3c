// The libFuzzer twin of FuzzTest.Benchmarks.Targets.MagicTarget.Magic: the same bytes compared
// in the same nested branches, so the two fuzzers' executions per second compare like for like.
#include <stddef.h>
#include <stdint.h>

// Volatile so that -O1 cannot drop the store; the C# flag is volatile for the same reason.
static volatile int reached;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 8) {
        if (data[0] == 'F') {
            if (data[1] == 'U') {
                if (data[2] == 'Z') {
                    if (data[3] == 'Z') {
                        if (data[4] == 'T') {
                            if (data[5] == 'E') {
                                if (data[6] == 'S') {
                                    if (data[7] == 'T') {
                                        reached = 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    return 0;
}
