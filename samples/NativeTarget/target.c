/*
 * A small native fuzz target with planted bugs, for FuzzTest's forkserver executor.
 *
 * One source, two variants (see build.sh):
 *   - plain:      the AFL++ runtime's forkserver forks one child per input; the input comes
 *                 from stdin, or from the file named by the first argument (afl's "@@").
 *   - persistent: built with -DPERSISTENT; deferred start (__AFL_INIT), many inputs per child
 *                 (__AFL_LOOP) and inputs read from shared memory (__AFL_FUZZ_TESTCASE_BUF),
 *                 which falls back to stdin when the fuzzer offers no test-case segment.
 *
 * Planted bugs, checked one byte at a time so that coverage guides a fuzzer towards them:
 *   - input starting with "FUZZ" -> abort() (SIGABRT)
 *   - input starting with "SEGV" -> write through a null pointer (SIGSEGV)
 *   - input starting with "HANG" -> endless loop (a hang)
 *   - anything else              -> returns normally (exit status 0)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef PERSISTENT
__AFL_FUZZ_INIT();
#endif

/* Largest input the plain variant reads; AFL's own limit (MAX_FILE) is 1 MiB too. */
#define MAX_INPUT (1 << 20)

static volatile int sink;

static void check(const unsigned char *data, size_t len) {
  if (len < 4) return;
  if (data[0] == 'F' && data[1] == 'U' && data[2] == 'Z' && data[3] == 'Z') abort();
  if (data[0] == 'S' && data[1] == 'E' && data[2] == 'G' && data[3] == 'V') *(volatile int *)0 = 1;
  if (data[0] == 'H') {
    if (data[1] == 'A') {
      if (data[2] == 'N') {
        if (data[3] == 'G') {
          for (;;) sink++;
        }
      }
    }
  }
}

#ifdef PERSISTENT
int main(void) {
  __AFL_INIT();
  /* Must be taken after __AFL_INIT: the runtime maps the test-case segment during the handshake. */
  unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
  while (__AFL_LOOP(10000)) {
    check(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
  }
  return 0;
}
#else
int main(int argc, char **argv) {
  static unsigned char buf[MAX_INPUT];
  FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
  if (in == NULL) return 2;
  size_t len = fread(buf, 1, sizeof buf, in);
  check(buf, len);
  return 0;
}
#endif
