// The parts of pcapng (draft-ietf-opsawg-pcapng) that both pcapng readers need, read as libpcap
// 1.10 reads them: an Interface Description Block's link type, snapshot length and time stamp
// options, and how an Enhanced Packet Block's time stamp becomes seconds and a fraction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "file_byte_order.h"

namespace pcapnode {

constexpr uint32_t kPcapngSectionHeader = 0x0a0d0d0a;
constexpr uint32_t kPcapngInterfaceDescription = 1;
constexpr uint32_t kPcapngObsoletePacket = 2;
constexpr uint32_t kPcapngSimplePacket = 3;
constexpr uint32_t kPcapngEnhancedPacket = 6;

struct PcapngInterface {
  int dlt;
  uint32_t snaplen;     // adjusted as libpcap does: 0 (or above INT_MAX) means 262144
  uint64_t resolution;  // time stamp units per second (if_tsresol)
  int64_t offset;       // seconds added to every time stamp (if_tsoffset)
  bool binary;          // the resolution is a power of 2
};

// Reads an Interface Description Block's body (`size` bytes after the block type and length).
// False with libpcap's message in `error` when it is malformed.
inline bool ParsePcapngInterface(const uint8_t* body, size_t size, bool bigEndian, PcapngInterface* out,
                                 std::string* error) {
  const auto word16 = [bigEndian](const uint8_t* b) { return FileWord16(b, bigEndian); };
  const auto tooShort = [error]() {
    *error = "block of type " + std::to_string(kPcapngInterfaceDescription) + " in pcapng dump file is too short";
    return false;
  };
  if (size < 8) return tooShort();
  const uint32_t linktype = word16(body);
  const uint32_t snaplen = FileWord32(body + 4, bigEndian);
  PcapngInterface in{linktype == 101 ? 12 : static_cast<int>(linktype),  // LINKTYPE_RAW is DLT_RAW
                     snaplen == 0 || snaplen > INT32_MAX ? 262144u : snaplen, 1000000, 0, false};
  bool sawResolution = false;
  bool sawOffset = false;
  size_t p = 8;
  while (p < size) {
    if (size - p < 4) return tooShort();
    const uint16_t code = word16(body + p);
    const uint16_t optionLength = word16(body + p + 2);
    const size_t padded = (static_cast<size_t>(optionLength) + 3) & ~static_cast<size_t>(3);
    if (size - p - 4 < padded) return tooShort();
    const uint8_t* value = body + p + 4;
    p += 4 + padded;
    if (code == 0) {  // opt_endofopt
      if (optionLength != 0) {
        *error =
            "Interface Description Block has opt_endofopt option with length " + std::to_string(optionLength) + " != 0";
        return false;
      }
      break;
    }
    if (code == 9) {  // if_tsresol
      if (optionLength != 1 || sawResolution) {
        *error = optionLength != 1 ? "Interface Description Block has if_tsresol option with length " +
                                         std::to_string(optionLength) + " != 1"
                                   : "Interface Description Block has more than one if_tsresol option";
        return false;
      }
      sawResolution = true;
      const uint8_t r = value[0];
      if ((r & 0x80) != 0) {
        if ((r & 0x7f) > 63) {
          *error = "Interface Description Block if_tsresol option resolution 2^-" + std::to_string(r & 0x7f) +
                   " is too high";
          return false;
        }
        in.binary = true;
        in.resolution = uint64_t{1} << (r & 0x7f);
      } else {
        if (r > 19) {
          *error = "Interface Description Block if_tsresol option resolution 10^-" + std::to_string(r) + " is too high";
          return false;
        }
        in.binary = false;
        in.resolution = 1;
        for (uint8_t i = 0; i < r; i++) in.resolution *= 10;
      }
    } else if (code == 14) {  // if_tsoffset
      if (optionLength != 8 || sawOffset) {
        *error = optionLength != 8 ? "Interface Description Block has if_tsoffset option with length " +
                                         std::to_string(optionLength) + " != 8"
                                   : "Interface Description Block has more than one if_tsoffset option";
        return false;
      }
      sawOffset = true;
      in.offset =
          static_cast<int64_t>((static_cast<uint64_t>(FileWord32(value + (bigEndian ? 0 : 4), bigEndian)) << 32) |
                               FileWord32(value + (bigEndian ? 4 : 0), bigEndian));
    }
  }
  *out = in;
  return true;
}

// An Enhanced Packet Block's 64-bit time stamp as seconds and a fraction of a second at the
// session's precision (nanoseconds when `nano`, else microseconds), with libpcap's arithmetic step
// for step.
inline void PcapngTimestamp(uint64_t ts, const PcapngInterface& in, bool nano, uint64_t* sec, uint64_t* frac) {
  const uint64_t userResolution = nano ? 1000000000u : 1000000u;
  *sec = ts / in.resolution + static_cast<uint64_t>(in.offset);
  uint64_t f = ts % in.resolution;
  if (in.resolution != userResolution) {
    if (in.binary) {
      f = f * userResolution / in.resolution;
    } else if (in.resolution > userResolution) {
      f /= in.resolution / userResolution;
    } else {
      f *= userResolution / in.resolution;
    }
  }
  *frac = f;
}

}  // namespace pcapnode
