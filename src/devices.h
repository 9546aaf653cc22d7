// Device listing and library facts: thin wrappers over pcap_findalldevs / pcap_lib_version.
#pragma once

#include <napi.h>

namespace pcapnode {

// findalldevs() -> [{name, description, flags (number), addresses: [{addr, netmask, broadaddr,
// dstaddr}]}], IPv4 and IPv6 addresses only, densely packed.
Napi::Value FindAllDevs(const Napi::CallbackInfo& info);

// dataLinkName(dlt) -> libpcap's name for a DLT_ value ('EN10MB', ...) or null when it knows none.
Napi::Value DataLinkName(const Napi::CallbackInfo& info);
// dataLinkValue(name) -> the DLT_ value of libpcap's name for it (any case), or -1.
Napi::Value DataLinkValue(const Napi::CallbackInfo& info);

// libVersion() -> pcap_lib_version() text.
Napi::Value LibVersion(const Napi::CallbackInfo& info);

}  // namespace pcapnode
