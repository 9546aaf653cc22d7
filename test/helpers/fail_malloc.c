// LD_PRELOAD shim for one offline test (test/capture/offline.test.js): malloc() of at least
// PCAP_TEST_FAIL_MALLOC_MIN bytes fails on every thread but the main one, as running out of memory
// on libuv's thread pool would. Every other allocation goes to libc.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

void* malloc(size_t n) {
  static void* (*real_malloc)(size_t);
  static size_t min;
  if (real_malloc == NULL) {
    real_malloc = (void* (*)(size_t))dlsym(RTLD_NEXT, "malloc");
    const char* v = getenv("PCAP_TEST_FAIL_MALLOC_MIN");
    min = v != NULL ? (size_t)strtoull(v, NULL, 10) : (size_t)-1;
  }
  if (n >= min && syscall(SYS_gettid) != getpid()) return NULL;
  return real_malloc(n);
}
