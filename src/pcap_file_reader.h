// The fast path for classic pcap files (by far the most common capture files). libpcap reads a
// file record by record through stdio, copying every packet twice; this reader reads 256 KiB at
// a time straight into a batch's data block and indexes the records where they lie, so a packet is
// copied once, by the kernel. It handles only plain records: the first one it does not (a capture
// length over the snap length or libpcap's maximum, a record cut short at the end of the file) makes
// it stop, and the caller hands the rest of the file to libpcap from that record on, so every odd
// case still gets libpcap's exact behaviour and messages. pcapng and other variants never use it.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "batch.h"
#include "file_byte_order.h"

namespace pcapnode {

class ClassicPcapReader {
 public:
  enum class Status { kMore, kEof, kFallback, kError };

  ClassicPcapReader() = default;
  ClassicPcapReader(const ClassicPcapReader&) = delete;
  ClassicPcapReader& operator=(const ClassicPcapReader&) = delete;
  ~ClassicPcapReader() { Close(); }

  // Starts reading `path` after its file header if it is a standard classic pcap (µs or ns magic,
  // either byte order, version 2.4). `snaplen` is libpcap's snapshot length for the file. Returns
  // whether the fast path is in use.
  bool Open(const std::string& path, uint32_t snaplen, int dlt) {
    Close();
    carry_.clear();
    active_ = false;
    if (!PlainLinkType(dlt)) return false;
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return false;
    uint8_t h[24];
    if (::pread(fd_, h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) return Fail();
    const uint32_t magic = Le32(h);
    if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du) {
      bigEndian_ = false;
    } else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u) {
      bigEndian_ = true;
    } else {
      return Fail();
    }
    fileNano_ = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    if (LibpcapRewritesPseudoHeader(dlt, bigEndian_)) return Fail();
    if (Word16(h + 4) != 2 || Word16(h + 6) != 4) return Fail();
    snaplen_ = snaplen;
    fileOffset_ = 24;
    if (::lseek(fd_, 24, SEEK_SET) != 24) return Fail();
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    active_ = true;
    return true;
  }

  bool active() const { return active_; }

  // File offset of the first record not yet handed out (where libpcap takes over).
  uint64_t resumeOffset() const { return fileOffset_ - carry_.size(); }

  // Stops using the fast path (the caller continues with libpcap from resumeOffset()).
  void Deactivate() {
    active_ = false;
    Close();
  }

  // Adds whole records to `batch` until maxPackets or maxBytes, the end of the file, or a record
  // this reader leaves to libpcap. On kFallback the batch holds every record before that one.
  // `nano`: the session's precision; at microsecond precision the nanoseconds are usec * 1000, as
  // libpcap gives them.
  Status Fill(Batch& batch, uint32_t maxPackets, size_t maxBytes, bool nano, std::string* error) {
    if (maxBytes < kMaxCaplen + 16) maxBytes = kMaxCaplen + 16;  // room for any whole record
    const size_t need = maxBytes + carry_.size();
    if (!(need <= BlockPool::kBlockSize ? batch.UsePooledBlock() : batch.Reserve(need, true))) {
      *error = "out of memory while reading the capture file";
      return Status::kError;
    }
    uint8_t* block = batch.data();
    size_t used = carry_.size();
    if (used > 0) std::memcpy(block, carry_.data(), used);
    carry_.clear();
    const uint64_t blockOffset = fileOffset_ - used;
    batch.ReserveIndex(lastCount_ + lastCount_ / 8);
    // Read a chunk, index the records it completed, read the next: the record headers are read
    // while the chunk the kernel just copied is still in the cache (a whole block is not).
    bool atEnd = false;
    size_t p = 0;
    while (true) {
      while (p + 16 <= used && batch.count() < maxPackets) {
        const uint32_t caplen = Word32(block + p + 8);
        if (caplen > snaplen_ || caplen > kMaxCaplen) return LeaveRest(batch, p, blockOffset);
        if (p + 16 + caplen > used) break;  // the rest of this record is in the next read
        const uint32_t frac = Word32(block + p + 4);
        const uint32_t usec = fileNano_ ? frac / 1000 : frac;
        const uint64_t nsec = fileNano_ && nano ? frac : static_cast<uint64_t>(usec) * 1000;
        batch.AddEntry(static_cast<uint32_t>(p + 16), caplen, Word32(block + p + 12), Word32(block + p), usec, nsec);
        p += 16 + caplen;
      }
      if (atEnd || used >= maxBytes || batch.count() >= maxPackets) break;
      const ssize_t n = ::read(fd_, block + used, std::min(kReadChunk, maxBytes - used));
      if (n < 0) {
        if (errno == EINTR) continue;
        *error = std::string("error reading dump file: ") + std::strerror(errno);
        batch.set_size(p);  // the records indexed from earlier reads are whole: deliver them
        Deactivate();
        return Status::kError;
      }
      if (n == 0) {
        atEnd = true;
        continue;  // nothing new to index; leaves the loop above
      }
      used += static_cast<size_t>(n);
      fileOffset_ += static_cast<uint64_t>(n);
    }
    lastCount_ = batch.count();
    batch.set_size(p);
    carry_.assign(block + p, block + used);
    if (atEnd && !carry_.empty()) return LeaveRest(batch, p, blockOffset);  // cut-off record
    return atEnd ? Status::kEof : Status::kMore;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Link types whose records libpcap hands out exactly as stored (no pseudo-header rewriting,
  // no length fix-ups): only these take the fast path. libpcap's DLT_ values.
  static bool PlainLinkType(int dlt) {
    switch (dlt) {
      case 0:    // NULL
      case 1:    // EN10MB
      case 9:    // PPP
      case 12:   // RAW
      case 14:   // RAW (OpenBSD)
      case 105:  // IEEE802_11
      case 108:  // LOOP
      case 113:  // LINUX_SLL (not byte-swapped, see Open)
      case 127:  // IEEE802_11_RADIO
      case 228:  // IPV4
      case 229:  // IPV6
      case 276:  // LINUX_SLL2 (not byte-swapped)
        return true;
      default:
        return false;
    }
  }

 private:
  // libpcap's largest capture length for ordinary link types.
  static constexpr uint32_t kMaxCaplen = 262144;
  // Bytes per read(2): small enough to stay in a core's L2 cache until indexed.
  static constexpr size_t kReadChunk = 256u << 10;

  Status LeaveRest(Batch& batch, size_t p, uint64_t blockOffset) {
    batch.set_size(p);
    carry_.clear();
    fileOffset_ = blockOffset + p;
    Deactivate();
    return Status::kFallback;
  }

  bool Fail() {
    Close();
    return false;
  }

  uint32_t Word32(const uint8_t* b) const { return FileWord32(b, bigEndian_); }
  uint16_t Word16(const uint8_t* b) const { return FileWord16(b, bigEndian_); }

  int fd_ = -1;
  bool active_ = false;
  bool bigEndian_ = false;  // the file's byte order (from its magic number)
  bool fileNano_ = false;
  uint32_t snaplen_ = 0;
  uint64_t fileOffset_ = 0;     // where the next read(2) starts
  uint32_t lastCount_ = 0;      // packets in the last batch: the next index starts that big
  std::vector<uint8_t> carry_;  // bytes read past the last whole record
};

}  // namespace pcapnode
