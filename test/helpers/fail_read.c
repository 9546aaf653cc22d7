// LD_PRELOAD shim for one offline test (test/capture/offline.test.js): the Nth read(2) of exactly
// 262144 bytes, the size of the fast file path's reads, fails with EIO, where N is the value of
// PCAP_TEST_FAIL_READ. Every other read goes to libc.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int calls;

ssize_t read(int fd, void* buf, size_t count) {
  static ssize_t (*real_read)(int, void*, size_t);
  if (real_read == NULL) real_read = (ssize_t(*)(int, void*, size_t))dlsym(RTLD_NEXT, "read");
  const char* nth = getenv("PCAP_TEST_FAIL_READ");
  if (nth != NULL && count == 262144 && ++calls == atoi(nth)) {
    errno = EIO;
    return -1;
  }
  return real_read(fd, buf, count);
}
