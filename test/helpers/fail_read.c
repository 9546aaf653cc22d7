// LD_PRELOAD shim for one offline test (test/capture/offline.test.js): the pread(2) at the file
// offset given in PCAP_TEST_FAIL_PREAD_AT fails with EIO. The fast file path reads with pread, in
// pieces at fixed offsets, so the failing piece is the same however its reads are scheduled.
// Every other read goes to libc.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

typedef ssize_t (*pread_fn)(int, void*, size_t, off_t);

static ssize_t fail_or(pread_fn* real, const char* name, int fd, void* buf, size_t count, off_t offset) {
  if (*real == NULL) *real = (pread_fn)dlsym(RTLD_NEXT, name);
  const char* at = getenv("PCAP_TEST_FAIL_PREAD_AT");
  if (at != NULL && offset == (off_t)atoll(at)) {
    errno = EIO;
    return -1;
  }
  return (*real)(fd, buf, count, offset);
}

ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  static pread_fn real;
  return fail_or(&real, "pread", fd, buf, count, offset);
}

ssize_t pread64(int fd, void* buf, size_t count, off_t offset) {
  static pread_fn real;
  return fail_or(&real, "pread64", fd, buf, count, offset);
}
