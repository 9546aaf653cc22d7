// Reading the fixed-size fields of capture files, which are written in the byte order of the
// machine that wrote them (the file's magic number or byte-order mark says which). Shared by the
// classic pcap and pcapng readers, with which link types they may read without libpcap.
#pragma once

#include <cstdint>

namespace pcapnode {

inline uint32_t Le32(const uint8_t* b) {
  return static_cast<uint32_t>(b[0]) | (static_cast<uint32_t>(b[1]) << 8) | (static_cast<uint32_t>(b[2]) << 16) |
         (static_cast<uint32_t>(b[3]) << 24);
}

inline uint32_t Be32(const uint8_t* b) {
  return (static_cast<uint32_t>(b[0]) << 24) | (static_cast<uint32_t>(b[1]) << 16) |
         (static_cast<uint32_t>(b[2]) << 8) | static_cast<uint32_t>(b[3]);
}

// The file's byte order from libpcap's pcap_is_swapped() (`swapped`: not this machine's).
inline bool FileBigEndian(bool swapped) { return (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) != swapped; }

// A 32- or 16-bit field of a file written big-endian (`bigEndian`) or little-endian.
inline uint32_t FileWord32(const uint8_t* b, bool bigEndian) { return bigEndian ? Be32(b) : Le32(b); }
inline uint16_t FileWord16(const uint8_t* b, bool bigEndian) {
  return bigEndian ? static_cast<uint16_t>((b[0] << 8) | b[1]) : static_cast<uint16_t>(b[0] | (b[1] << 8));
}

// Link types whose records libpcap hands out exactly as stored (no pseudo-header rewriting, no
// length fix-ups): only these are read without libpcap. libpcap's DLT_ values.
inline bool PlainLinkType(int dlt) {
  switch (dlt) {
    case 0:    // NULL
    case 1:    // EN10MB
    case 9:    // PPP
    case 12:   // RAW
    case 14:   // RAW (OpenBSD)
    case 105:  // IEEE802_11
    case 108:  // LOOP
    case 113:  // LINUX_SLL (not in the other byte order, see below)
    case 127:  // IEEE802_11_RADIO
    case 228:  // IPV4
    case 229:  // IPV6
    case 276:  // LINUX_SLL2 (not in the other byte order)
      return true;
    default:
      return false;
  }
}

// Whether libpcap rewrites the link-layer pseudo-header of this file's packets: it does for a few
// link types (Linux SLL and SLL2, which can carry CAN frames, among those our readers handle) when
// the file's byte order is not the host's. The fast readers leave such files to libpcap.
inline bool LibpcapRewritesPseudoHeader(int dlt, bool fileBigEndian) {
  const bool hostBigEndian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
  return (dlt == 113 || dlt == 276) && fileBigEndian != hostBigEndian;
}

}  // namespace pcapnode
