// A batch of captured packets on its way to JavaScript: one growable malloc'd block of records,
// each a 24-byte little-endian header followed by the packet bytes. Ownership of the block passes
// to a JS Buffer (freed by its finalizer), so every batch is fresh memory and a packet a user keeps
// is never overwritten. Keep the layout in step with lib/raw_packet.js (REC).
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace pcapnode {

constexpr size_t kRecordHeaderSize = 24;

class Batch {
 public:
  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch() { std::free(data_); }

  // Appends one packet. `nano` says whether h->ts.tv_usec holds nanoseconds. Returns false only
  // when memory runs out (the packet is then dropped and the batch stays valid).
  bool Append(const struct pcap_pkthdr* h, const u_char* bytes, bool nano) {
    const size_t need = kRecordHeaderSize + h->caplen;
    if (!Reserve(size_ + need)) return false;
    uint8_t* rec = data_ + size_;
    // pcap files store seconds as unsigned 32-bit, but libpcap 1.10 passes them through a signed
    // 32-bit field: undo that sign extension so 2038-2106 timestamps come out right.
    int64_t secSigned = static_cast<int64_t>(h->ts.tv_sec);
    if (secSigned < 0 && secSigned >= INT32_MIN) secSigned += INT64_C(0x100000000);
    const uint64_t sec = static_cast<uint64_t>(secSigned);
    const uint64_t frac = static_cast<uint64_t>(h->ts.tv_usec);
    const uint64_t usec = nano ? frac / 1000 : frac;
    uint64_t nsec = nano ? frac : frac * 1000;
    if (nsec > 0xffffffffu) nsec = 0xffffffffu;  // out-of-range usec in damaged files
    PutLE32(rec + 0, static_cast<uint32_t>(sec));
    PutLE32(rec + 4, static_cast<uint32_t>(usec));
    PutLE32(rec + 8, h->caplen);
    PutLE32(rec + 12, h->len);
    PutLE32(rec + 16, static_cast<uint32_t>(sec >> 32));
    PutLE32(rec + 20, static_cast<uint32_t>(nsec));
    std::memcpy(rec + kRecordHeaderSize, bytes, h->caplen);
    size_ += need;
    count_++;
    return true;
  }

  size_t size() const { return size_; }
  uint32_t count() const { return count_; }

  // Gives up the block; the caller frees it with std::free.
  uint8_t* Release() {
    uint8_t* d = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    count_ = 0;
    return d;
  }

 private:
  static void PutLE32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v >> 16);
    p[3] = static_cast<uint8_t>(v >> 24);
  }

  bool Reserve(size_t want) {
    if (want <= capacity_) return true;
    size_t cap = capacity_ ? capacity_ : 64 * 1024;
    while (cap < want) cap *= 2;
    void* grown = std::realloc(data_, cap);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = cap;
    return true;
  }

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  uint32_t count_ = 0;
};

}  // namespace pcapnode
