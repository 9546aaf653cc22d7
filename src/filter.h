// Compiles and installs a BPF filter on a pcap_t; the bpf_program never outlives this call.
#pragma once

#include <pcap/pcap.h>

#include <string>

namespace pcapnode {

// Returns an empty string on success, otherwise libpcap's message.
inline std::string ApplyFilter(pcap_t* handle, const std::string& expr, bpf_u_int32 netmask) {
  struct bpf_program prog;
  if (pcap_compile(handle, &prog, expr.c_str(), 1, netmask) == PCAP_ERROR) {
    return pcap_geterr(handle);
  }
  const int rc = pcap_setfilter(handle, &prog);
  pcap_freecode(&prog);
  if (rc == PCAP_ERROR) return pcap_geterr(handle);
  return std::string();
}

}  // namespace pcapnode
