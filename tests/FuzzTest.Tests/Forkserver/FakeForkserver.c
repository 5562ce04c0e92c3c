/*
 * A stand-in for a target built with AFL++ 4.20c or later, which Debian's afl++ 4.04c cannot
 * produce: it speaks the versioned ("new model", version 1) forkserver handshake with no AFL++
 * runtime, so the tests can check FuzzTest's side of that protocol.
 *
 *   fake-forkserver           hello 0x41464C01, options MAPSIZE|AUTODICT, map size 100, a
 *                             10-byte dictionary, the hello again; then per request a forked
 *                             child that sets map byte 1 and exits 0.
 *   fake-forkserver error     reports error 1 (map too large) instead of the hello.
 *   fake-forkserver old-dict  the 4.04c handshake offering an autodictionary: hello
 *                             ENABLED|MAPSIZE|AUTODICT (map size 100), expects the reply
 *                             ENABLED|AUTODICT, then sends the dictionary's length and entries.
 *
 * Built with plain cc by the tests (afl-cc would add the real runtime, whose constructor would
 * take fds 198/199 first).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define CTL 198
#define ST 199

static void send_word(uint32_t word) {
  if (write(ST, &word, 4) != 4) _exit(2);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "error") == 0) {
    send_word(0xEFFE0000u | 1u);
    return 1;
  }
  static const char dict[] = "\004FUZZ\004HANG";
  if (argc > 1 && strcmp(argv[1], "old-dict") == 0) {
    /* ENABLED | MAPSIZE (100 bytes, encoded as (size - 1) << 1) | AUTODICT */
    send_word(0x80000001u | 0x40000000u | ((100u - 1u) << 1) | 0x10000000u);
    uint32_t answer;
    if (read(CTL, &answer, 4) != 4 || answer != (0x80000001u | 0x10000000u)) return 4;
    send_word(sizeof dict - 1);
    if (write(ST, dict, sizeof dict - 1) != (ssize_t)(sizeof dict - 1)) return 2;
    goto serve;
  }
  const uint32_t hello = 0x41464C01u;
  send_word(hello);
  uint32_t reply;
  if (read(CTL, &reply, 4) != 4 || reply != (hello ^ 0xFFFFFFFFu)) return 3;
  send_word(0x1u | 0x800u);           /* MAPSIZE | AUTODICT */
  send_word(100);                     /* map size */
  send_word(sizeof dict - 1);         /* dictionary length, then its entries */
  if (write(ST, dict, sizeof dict - 1) != (ssize_t)(sizeof dict - 1)) return 2;
  send_word(hello);

serve:
  for (;;) {
    uint32_t request;
    if (read(CTL, &request, 4) != 4) return 0;
    pid_t pid = fork();
    if (pid == 0) {
      close(CTL);
      close(ST);
      unsigned char *map = shmat(atoi(getenv("__AFL_SHM_ID")), NULL, 0);
      if (map != (void *)-1) map[1]++;
      _exit(0);
    }
    send_word((uint32_t)pid);
    int status = 0;
    waitpid(pid, &status, 0);
    send_word((uint32_t)status);
  }
}
