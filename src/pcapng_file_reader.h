// Reads pcapng files whose interfaces differ in link type or snapshot length. libpcap (1.10)
// gives a capture handle one link type and one snapshot length, so it stops at the first
// interface that differs ("an interface has a type 0 different from the type of the first
// interface"). Such files are common: Wireshark writes one when it captures on several
// interfaces at once. When libpcap stops for that reason, OfflineReader hands the rest of the file
// to this reader, which reads every interface and tells each batch's link type. It also goes on
// where the fast path (chunked_file_reader.h) stops after taking interfaces libpcap never saw.
// Everything else follows libpcap 1.10: the same block checks in the same order, the same
// messages, the same time stamp arithmetic (if_tsresol, if_tsoffset), the same lengths. Only link
// types whose records libpcap passes through unchanged are read here (see PlainLinkType); any
// other ends the read. The reader starts again from the file's first byte (through a duplicate of
// libpcap's file descriptor, so a file renamed or deleted since it was opened is still the one
// read) and only takes in sections and interfaces until it reaches the block where the reader
// before it stopped. Those blocks get its checks again, which are a little stricter than what
// libpcap asked of them: a first section whose trailing length differs from its leading one, or
// a section of another major version before the first interface, ends the read there (after the
// packets before it) although libpcap read past it. tcpdump stops at the same place, and tshark
// refuses such files.
#pragma once

#include <pcap/pcap.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "batch.h"
#include "file_byte_order.h"
#include "filter.h"
#include "pcapng_blocks.h"

namespace pcapnode {

// A BPF filter compiled once per link type, for readers that see several.
class PerLinkTypeFilter {
 public:
  PerLinkTypeFilter() = default;
  PerLinkTypeFilter(const PerLinkTypeFilter&) = delete;
  PerLinkTypeFilter& operator=(const PerLinkTypeFilter&) = delete;
  ~PerLinkTypeFilter() { Clear(); }

  void Set(const std::string& expr) {
    Clear();
    expr_ = expr;
  }

  // Whether the packet passes; false with `error` set when the filter does not compile for `dlt`.
  // `swapped`: the section's byte order is not this machine's (it matters for DLT_NULL; see filter.h).
  bool Matches(int dlt, uint32_t snaplen, const struct pcap_pkthdr* hdr, const uint8_t* data, std::string* error,
               bool swapped) {
    if (expr_.empty()) return true;
    auto it = programs_.find(dlt);
    if (it == programs_.end()) {
      struct bpf_program prog;
      std::string compileError;
      switch (CompileForLinkType(dlt, static_cast<int>(snaplen), expr_, &prog, &compileError, swapped)) {
        case CompileResult::kCompiled:
          break;
        case CompileResult::kNoMemory:
          *error = "out of memory while compiling the filter";
          return false;
        case CompileResult::kBadFilter:
          // lib/errors.js gives this message the filter's error code
          *error = "the filter does not compile for link-layer type " + std::to_string(dlt) + ": " + compileError;
          return false;
      }
      it = programs_.emplace(dlt, prog).first;
    }
    return pcap_offline_filter(&it->second, hdr, data) != 0;
  }

 private:
  void Clear() {
    for (auto& entry : programs_) pcap_freecode(&entry.second);
    programs_.clear();
  }
  std::string expr_;
  std::map<int, struct bpf_program> programs_;
};

class PcapngReader {
 public:
  enum class Status { kMore, kEof, kError };

  PcapngReader() = default;
  PcapngReader(const PcapngReader&) = delete;
  PcapngReader& operator=(const PcapngReader&) = delete;
  ~PcapngReader() { Close(); }

  // Whether libpcap's message `error` is one this reader can go past.
  static bool CanContinueAfter(const std::string& error) {
    return error.rfind("an interface has a ", 0) == 0 && error.find(" different from the ") != std::string::npos;
  }

  // Reads the file open as `fd` (which it then owns) from its start, by offset, so the descriptor's
  // own position does not matter. The blocks before file offset `resumeAt` (what libpcap already
  // read) only set up sections and interfaces; their packets are not delivered again.
  bool Open(int fd, uint64_t resumeAt, bool nano) {
    Close();
    fd_ = fd;
    if (fd_ < 0) return false;
    resumeAt_ = resumeAt;
    nano_ = nano;
    buffer_.resize(kReadSize);
    begin_ = end_ = 0;
    bufferOffset_ = 0;
    atEnd_ = false;
    readError_.clear();
    interfaces_.clear();
    return true;
  }

  bool active() const { return fd_ >= 0; }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Adds packets to `batch` until maxPackets or maxBytes, the end of the file, an error, or a
  // packet whose link type differs from `*batchDlt` (-1: the batch has none yet; the first packet
  // sets it). That packet starts the next batch.
  Status Fill(Batch& batch, uint32_t maxPackets, size_t maxBytes, PerLinkTypeFilter& filter, int* batchDlt,
              std::string* error) {
    while (batch.count() < maxPackets && batch.size() < maxBytes) {
      const uint8_t* block = nullptr;
      uint32_t length = 0;
      const int got = PeekBlock(&block, &length, error);
      if (got < 0) return Fail();
      if (got == 0) {
        Close();
        return Status::kEof;
      }
      // libpcap has delivered the packets before resumeAt_: only sections and interfaces count there
      const bool replay = bufferOffset_ + begin_ < resumeAt_;
      Packet packet;
      const int kind = ParseBlock(block, length, !replay, &packet, error);
      if (kind < 0) return Fail();
      if (kind == 0) {
        begin_ += length;
        continue;
      }
      if (*batchDlt >= 0 && packet.dlt != *batchDlt && batch.count() > 0) return Status::kMore;
      begin_ += length;
      if (!filter.Matches(packet.dlt, packet.snaplen, &packet.header, packet.data, error,
                          bigEndian_ != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__))) {
        if (!error->empty()) return Fail();
        continue;
      }
      *batchDlt = packet.dlt;
      if (!batch.Append(&packet.header, packet.data, nano_, false, packet.interfaceId)) {
        *error = "out of memory while reading the capture file";
        return Fail();
      }
    }
    return Status::kMore;
  }

 private:
  struct Packet {
    struct pcap_pkthdr header;
    const uint8_t* data;
    int dlt;
    uint32_t snaplen;
    uint32_t interfaceId;  // within its section
  };

  static constexpr size_t kReadSize = 1u << 20;
  static constexpr uint32_t kMaxBlock = 16u << 20;  // libpcap's largest block

  Status Fail() {
    Close();
    return Status::kError;
  }

  // Makes the next block's `length` bytes available at `*block`, checked as libpcap's read_block
  // does. 1: a block; 0: end of file; -1: error.
  int PeekBlock(const uint8_t** block, uint32_t* length, std::string* error) {
    if (!EnsureBytes(8)) return Available() == 0 && readError_.empty() ? 0 : Truncated(8, Available(), error);
    if (bufferOffset_ + begin_ == 0) {  // the file's first block gives the byte order (libpcap checked it)
      if (!EnsureBytes(12)) return Truncated(8, Available() - 8, error);
      bigEndian_ = Le32(buffer_.data() + 8) == 0x4d3c2b1au;
    }
    const uint8_t* p = buffer_.data() + begin_;
    const uint32_t total = Word32(p + 4);  // a later section is read in the byte order so far, as libpcap does
    if (total < 12) {
      *error = "block in pcapng dump file has a length of " + std::to_string(total) + " < 12";
      return -1;
    }
    if (total % 4 != 0) {
      *error = "block in pcapng dump file has a length of " + std::to_string(total) + " that is not a multiple of 4";
      return -1;
    }
    if (total > kMaxBlock) {
      *error = "pcapng block size " + std::to_string(total) + " > maximum " + std::to_string(kMaxBlock);
      return -1;
    }
    if (!EnsureBytes(total)) return Truncated(total - 8, Available() - 8, error);
    p = buffer_.data() + begin_;
    if (Word32(p + total - 4) != total) {
      *error = "block total length in header and trailer don't match";
      return -1;
    }
    *block = p;
    *length = total;
    return 1;
  }

  // A read error, or a file that ends inside a block (libpcap reads the 8-byte block header, then
  // the rest: the counts are of the part it was reading).
  int Truncated(size_t wanted, size_t got, std::string* error) {
    *error = !readError_.empty() ? readError_
                                 : "truncated pcapng dump file; tried to read " + std::to_string(wanted) +
                                       " bytes, only got " + std::to_string(got);
    return -1;
  }

  // 1: a packet in `*packet`; 0: a block that is not a packet (sections and interfaces are taken
  // in), or any block when not `deliver`ing packets; -1: error.
  int ParseBlock(const uint8_t* block, uint32_t length, bool deliver, Packet* packet, std::string* error) {
    const uint32_t type = Word32(block);
    const uint8_t* body = block + 8;
    const size_t size = length - 12;
    if (!deliver && type != kPcapngSectionHeader && type != kPcapngInterfaceDescription) return 0;
    uint32_t ifIndex = 0;
    uint64_t ts = 0;
    size_t dataAt = 0;
    switch (type) {
      case kPcapngSectionHeader:
        if (size < 16) return TooShort(type, error);
        if (Word32(body) != 0x1a2b3c4du) {
          *error = Word32(body) == 0x4d3c2b1au ? "the file has sections with different byte orders"
                                               : "the file has a section with a bad byte order magic field";
          return -1;
        }
        if (Word16(body + 4) != 1) {
          *error = "unknown pcapng savefile major version number " + std::to_string(Word16(body + 4));
          return -1;
        }
        interfaces_.clear();
        return 0;
      case kPcapngInterfaceDescription:
        return AddInterface(body, size, error) ? 0 : -1;
      case kPcapngEnhancedPacket:
      case kPcapngObsoletePacket:  // the same layout, with a 16-bit interface id and a drop count
        if (size < 20) return TooShort(type, error);
        ifIndex = type == kPcapngEnhancedPacket ? Word32(body) : Word16(body);
        ts = (static_cast<uint64_t>(Word32(body + 4)) << 32) | Word32(body + 8);
        packet->header.caplen = Word32(body + 12);
        packet->header.len = Word32(body + 16);
        dataAt = 20;
        break;
      case kPcapngSimplePacket:
        if (size < 4) return TooShort(type, error);
        ifIndex = 0;  // simple packets belong to the first interface; they have no time stamp
        packet->header.len = Word32(body);
        packet->header.caplen = packet->header.len;
        if (!interfaces_.empty()) packet->header.caplen = std::min(packet->header.len, interfaces_[0].snaplen);
        dataAt = 4;
        break;
      default:
        return 0;  // statistics, name resolution, custom blocks...: nothing to deliver
    }
    if (ifIndex >= interfaces_.size()) {
      *error = "a packet arrived on interface " + std::to_string(ifIndex) +
               ", but there's no Interface Description Block for that interface";
      return -1;
    }
    const PcapngInterface& in = interfaces_[ifIndex];
    if (packet->header.caplen > in.snaplen) {
      *error = "invalid packet capture length " + std::to_string(packet->header.caplen) + ", bigger than snaplen of " +
               std::to_string(in.snaplen);
      return -1;
    }
    if (size - dataAt < packet->header.caplen) return TooShort(type, error);
    uint64_t sec;
    uint64_t frac;
    PcapngTimestamp(ts, in, nano_, &sec, &frac);
    packet->header.ts.tv_sec = static_cast<time_t>(sec);
    packet->header.ts.tv_usec = static_cast<int>(frac);
    packet->data = body + dataAt;
    packet->dlt = in.dlt;
    packet->snaplen = in.snaplen;
    packet->interfaceId = ifIndex;
    return 1;
  }

  bool AddInterface(const uint8_t* body, size_t size, std::string* error) {
    if (size < 8) {
      TooShort(kPcapngInterfaceDescription, error);
      return false;
    }
    const uint32_t linktype = Word16(body);
    const int dlt = linktype == 101 ? 12 : static_cast<int>(linktype);  // LINKTYPE_RAW is DLT_RAW
    if (!PlainLinkType(dlt) || LibpcapRewritesPseudoHeader(dlt, bigEndian_)) {
      *error =
          "the file's interfaces differ in link type or snapshot length, which libpcap cannot read, and "
          "link-layer type " +
          std::to_string(linktype) + " is not one that can be read without libpcap";
      return false;
    }
    PcapngInterface in;
    if (!ParsePcapngInterface(body, size, bigEndian_, &in, error)) return false;
    interfaces_.push_back(in);
    return true;
  }

  int TooShort(uint32_t type, std::string* error) {
    *error = "block of type " + std::to_string(type) + " in pcapng dump file is too short";
    return -1;
  }

  size_t Available() const { return end_ - begin_; }

  // Makes `n` bytes available from begin_; false at the end of the file or on a read error
  // (readError_ says which).
  bool EnsureBytes(size_t n) {
    if (Available() >= n) return true;
    if (begin_ > 0) {  // move the unread rest to the front
      std::memmove(buffer_.data(), buffer_.data() + begin_, Available());
      bufferOffset_ += begin_;
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() < n) buffer_.resize(n);
    while (Available() < n && !atEnd_) {
      const ssize_t got =
          ::pread(fd_, buffer_.data() + end_, buffer_.size() - end_, static_cast<off_t>(bufferOffset_ + end_));
      if (got < 0) {
        if (errno == EINTR) continue;
        readError_ = std::string("error reading dump file: ") + std::strerror(errno);
        return false;
      }
      if (got == 0) atEnd_ = true;
      end_ += static_cast<size_t>(got);
    }
    return Available() >= n;
  }

  uint32_t Word32(const uint8_t* b) const { return FileWord32(b, bigEndian_); }
  uint16_t Word16(const uint8_t* b) const { return FileWord16(b, bigEndian_); }

  int fd_ = -1;
  bool bigEndian_ = false;  // the section's byte order (from its byte-order magic)
  bool atEnd_ = false;
  uint64_t resumeAt_ = 0;
  bool nano_ = false;  // the session's precision (Open)
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;           // next unread byte in buffer_
  size_t end_ = 0;             // end of the bytes read into buffer_
  uint64_t bufferOffset_ = 0;  // file offset of buffer_[0]
  std::string readError_;
  std::vector<PcapngInterface> interfaces_;
};

}  // namespace pcapnode
