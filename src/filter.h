// Compiling BPF filters. Every compile in the addon goes through CompileFilter, under one lock:
// file sessions compile on libuv's thread pool (a pcapng file can bring a new link type mid-read)
// while the main thread may compile for another session, and libpcap does not promise that its
// compiler (parser state, protocol and service name lookups) is reentrant in every version.
#pragma once

#include <pcap/pcap.h>

#include <mutex>
#include <string>

namespace pcapnode {

// pcap_compile under the addon-wide lock; returns PCAP_ERROR like pcap_compile.
inline int CompileFilter(pcap_t* handle, struct bpf_program* prog, const std::string& expr, bpf_u_int32 netmask) {
  static std::mutex compileMutex;
  std::lock_guard<std::mutex> lock(compileMutex);
  return pcap_compile(handle, prog, expr.c_str(), 1, netmask);
}

// What ApplyFilter did: an empty `error` on success, otherwise libpcap's message and the call that
// failed (a filter that does not compile, or one the device would not take).
struct FilterResult {
  std::string error;
  const char* stage = "pcap_compile";
  bool ok() const { return error.empty(); }
};

// Compiles and installs a filter on `handle` (the bpf_program never outlives this call).
inline FilterResult ApplyFilter(pcap_t* handle, const std::string& expr, bpf_u_int32 netmask) {
  FilterResult result;
  struct bpf_program prog;
  if (CompileFilter(handle, &prog, expr, netmask) == PCAP_ERROR) {
    result.error = pcap_geterr(handle);
    return result;
  }
  const int rc = pcap_setfilter(handle, &prog);
  pcap_freecode(&prog);
  if (rc == PCAP_ERROR) {
    result.error = pcap_geterr(handle);
    result.stage = "pcap_setfilter";
  }
  return result;
}

// Compiles `expr` for packets of link type `dlt` without a capture handle (pcap_open_dead), into
// `*prog`, which the caller frees with pcap_freecode after kCompiled. On kBadFilter, `*error` is
// libpcap's message; kNoMemory means pcap_open_dead itself failed.
enum class CompileResult { kCompiled, kBadFilter, kNoMemory };
inline CompileResult CompileForLinkType(int dlt, int snaplen, const std::string& expr, struct bpf_program* prog,
                                        std::string* error) {
  pcap_t* dead = pcap_open_dead(dlt, snaplen);
  if (dead == nullptr) return CompileResult::kNoMemory;
  CompileResult result = CompileResult::kCompiled;
  if (CompileFilter(dead, prog, expr, PCAP_NETMASK_UNKNOWN) == PCAP_ERROR) {
    *error = pcap_geterr(dead);
    result = CompileResult::kBadFilter;
  }
  pcap_close(dead);
  return result;
}

}  // namespace pcapnode
