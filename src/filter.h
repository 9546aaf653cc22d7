// Compiling BPF filters. Every compile in the addon goes through CompileFilter, under one lock:
// file sessions compile on libuv's thread pool (a pcapng file can bring a new link type mid-read)
// while the main thread may compile for another session, and libpcap does not promise that its
// compiler (parser state, protocol and service name lookups) is reentrant in every version.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "file_byte_order.h"

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

// A handle to compile on for packets of link type `dlt` from a file whose byte order is (`swapped`)
// or is not this machine's. For DLT_NULL and DLT_ENC libpcap compiles the address-family test
// differently for a file: it matches every BSD AF_INET6 value (24, 28, 30), and byte-swaps the
// value when the file's byte order is not this machine's. pcap_open_dead gives the live host's
// values (Linux's AF_INET6 10), which fit no capture file. For those two link types the handle is
// therefore a savefile opened on an in-memory pcap file header (`header` must outlive the handle).
inline pcap_t* OpenCompileHandle(int dlt, int snaplen, bool swapped, unsigned char (&header)[24]) {
  if (dlt != DLT_NULL && dlt != DLT_ENC) return pcap_open_dead(dlt, snaplen);
  // the file's byte order: this machine's, or the other one
  const bool bigEndian = FileBigEndian(swapped);
  auto put = [&](int at, int bytes, uint32_t v) {
    for (int i = 0; i < bytes; i++)
      header[at + i] = static_cast<unsigned char>(v >> (8 * (bigEndian ? bytes - 1 - i : i)));
  };
  put(0, 4, 0xa1b2c3d4u);  // magic: microsecond pcap
  put(4, 2, 2);            // version 2.4
  put(6, 2, 4);
  put(8, 4, 0);   // thiszone
  put(12, 4, 0);  // sigfigs
  put(16, 4, static_cast<uint32_t>(snaplen));
  put(20, 4, static_cast<uint32_t>(dlt));  // LINKTYPE_NULL and LINKTYPE_ENC equal their DLTs
  FILE* f = fmemopen(header, sizeof header, "rb");
  if (f == nullptr) return nullptr;
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_fopen_offline(f, errbuf);  // owns f from here, also on failure
  return p;
}

// Compiles `expr` for packets of link type `dlt` without a capture (see OpenCompileHandle for
// `swapped`), into `*prog`, which the caller frees with pcap_freecode after kCompiled. On
// kBadFilter, `*error` is libpcap's message; kNoMemory means no handle could be made.
enum class CompileResult { kCompiled, kBadFilter, kNoMemory };
inline CompileResult CompileForLinkType(int dlt, int snaplen, const std::string& expr, struct bpf_program* prog,
                                        std::string* error, bool swapped = false) {
  unsigned char header[24];
  pcap_t* handle = OpenCompileHandle(dlt, snaplen, swapped, header);
  if (handle == nullptr) return CompileResult::kNoMemory;
  CompileResult result = CompileResult::kCompiled;
  if (CompileFilter(handle, prog, expr, PCAP_NETMASK_UNKNOWN) == PCAP_ERROR) {
    *error = pcap_geterr(handle);
    result = CompileResult::kBadFilter;
  }
  pcap_close(handle);
  return result;
}

}  // namespace pcapnode
