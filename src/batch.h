// A batch of captured packets on its way to JavaScript: one block of packet bytes and an index with
// one entry of kIndexWords 32-bit words per packet (where its bytes are, its lengths, its
// timestamp). Both blocks pass to JS (a Buffer and a Uint32Array, freed by their finalizers), so
// every batch is fresh memory and a packet a user keeps is never overwritten. The index is read
// in host byte order by lib/session.js and lib/raw_packet.js (keep the IDX_* offsets in step).
//
// The data block either holds packets copied one after another (Append: live captures, files read
// through libpcap) or a stretch of a classic pcap file read as it is (TakeFileBytes + AddEntry:
// the fast file path), in which case the index points past each record header.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace pcapnode {

// Data blocks of the fast file path all have one size; once JS has collected a batch, its block
// comes back here for the next read instead of going back to the system. A fresh block costs a
// page fault per 4 KiB on first touch, which at gigabytes per second is a good part of the work.
class BlockPool {
 public:
  static constexpr size_t kBlockSize = (2u << 20) + (256u << 10) + 64;  // 2 MiB + one largest record
  static constexpr size_t kMaxFree = 6;

  static uint8_t* Take() {
    {
      std::lock_guard<std::mutex> lock(Mutex());
      auto& free = Free();
      if (!free.empty()) {
        uint8_t* p = free.back();
        free.pop_back();
        return p;
      }
    }
    return static_cast<uint8_t*>(std::malloc(kBlockSize));
  }

  // Takes back a block of kBlockSize bytes (frees it when enough are kept).
  static void Give(uint8_t* p) {
    {
      std::lock_guard<std::mutex> lock(Mutex());
      auto& free = Free();
      if (free.size() < kMaxFree) {
        free.push_back(p);
        return;
      }
    }
    std::free(p);
  }

 private:
  static std::mutex& Mutex() {
    static std::mutex m;
    return m;
  }
  static std::vector<uint8_t*>& Free() {
    static std::vector<uint8_t*>* free = new std::vector<uint8_t*>();  // never destroyed: finalizers may run late
    return *free;
  }
};

// Index entry layout (32-bit words).
enum IndexWord : uint32_t {
  kIdxOffset = 0,  // where the packet's bytes start in the data block
  kIdxCaplen = 1,
  kIdxLen = 2,
  kIdxSecLo = 3,
  kIdxSecHi = 4,
  kIdxUsec = 5,
  kIdxNsec = 6,
  kIndexWords = 7,
};

class Batch {
 public:
  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch() {
    if (data_ != nullptr && pooled()) {
      BlockPool::Give(data_);
    } else {
      std::free(data_);
    }
  }

  // Appends one packet from libpcap. `nano` says whether h->ts.tv_usec holds nanoseconds. Returns
  // false only when memory runs out (the packet is then dropped and the batch stays valid).
  bool Append(const struct pcap_pkthdr* h, const u_char* bytes, bool nano) {
    if (!Reserve(size_ + h->caplen)) return false;
    std::memcpy(data_ + size_, bytes, h->caplen);
    const uint64_t frac = static_cast<uint64_t>(h->ts.tv_usec);
    AddEntry(static_cast<uint32_t>(size_), h->caplen, h->len, static_cast<int64_t>(h->ts.tv_sec),
             static_cast<uint32_t>(nano ? frac / 1000 : frac), nano ? frac : frac * 1000);
    size_ += h->caplen;
    return true;
  }

  // Records a packet whose bytes are already in the data block at `offset`.
  void AddEntry(uint32_t offset, uint32_t caplen, uint32_t len, int64_t sec, uint32_t usec, uint64_t nsec) {
    // pcap files store seconds as unsigned 32-bit, but libpcap 1.10 passes them through a signed
    // 32-bit field: undo that sign extension so 2038-2106 timestamps come out right.
    if (sec < 0 && sec >= INT32_MIN) sec += INT64_C(0x100000000);
    const uint64_t s = static_cast<uint64_t>(sec);
    if (nsec > 0xffffffffu) nsec = 0xffffffffu;  // out-of-range usec in damaged files
    const uint32_t entry[kIndexWords] = {offset,
                                         caplen,
                                         len,
                                         static_cast<uint32_t>(s),
                                         static_cast<uint32_t>(s >> 32),
                                         usec,
                                         static_cast<uint32_t>(nsec)};
    index_.insert(index_.end(), entry, entry + kIndexWords);
  }

  // Makes room for `want` bytes of data in all (exactly that many when `exact`, else rounded up
  // to grow geometrically); false when memory runs out.
  bool Reserve(size_t want, bool exact = false) {
    if (want <= capacity_) return true;
    size_t cap = capacity_ ? capacity_ : 64 * 1024;
    while (cap < want) cap *= 2;
    if (exact) cap = want;
    if (pooled_) {  // a pooled block cannot be realloc'ed into the pool's size again
      void* fresh = std::malloc(cap);
      if (fresh == nullptr) return false;
      std::memcpy(fresh, data_, size_);
      BlockPool::Give(data_);
      data_ = static_cast<uint8_t*>(fresh);
      capacity_ = cap;
      pooled_ = false;
      return true;
    }
    void* grown = std::realloc(data_, cap);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = cap;
    return true;
  }

  // For the fast file path: starts the batch on a pooled block (false when memory runs out).
  bool UsePooledBlock() {
    if (data_ != nullptr) return true;
    data_ = BlockPool::Take();
    if (data_ == nullptr) return false;
    capacity_ = BlockPool::kBlockSize;
    pooled_ = true;
    return true;
  }
  bool pooled() const { return pooled_ && capacity_ == BlockPool::kBlockSize; }

  // For the fast file path: the writable data area and its use.
  uint8_t* data() { return data_; }
  size_t capacity() const { return capacity_; }
  void set_size(size_t size) { size_ = size; }

  size_t size() const { return size_; }
  uint32_t count() const { return static_cast<uint32_t>(index_.size() / kIndexWords); }
  std::vector<uint32_t>& index() { return index_; }

  // A pooled block holding a small batch is not worth pinning while JS holds the batch (a user may
  // keep packets for a long time): move the bytes to a block of their own size and give the
  // pooled one back at once. Only below malloc's mmap threshold, where the copy lands in reused
  // heap memory; bigger batches keep their block, since fresh mmap'ed memory costs a page fault
  // per 4 KiB, which on a busy link is more CPU than all the rest of the capture path.
  static constexpr size_t kShrinkBelow = 64 * 1024;
  void ShrinkIfMostlyEmpty() {
    if (!pooled() || size_ >= kShrinkBelow) return;
    auto* exact = static_cast<uint8_t*>(std::malloc(size_ > 0 ? size_ : 1));
    if (exact == nullptr) return;  // keep the pooled block; it is still valid
    std::memcpy(exact, data_, size_);
    BlockPool::Give(data_);
    data_ = exact;
    capacity_ = size_;
    pooled_ = false;
  }

  // Gives up the data block; the caller frees it with std::free, or gives it back to BlockPool when
  // `*pooled` says it came from there.
  uint8_t* ReleaseData(bool* pooled) {
    uint8_t* d = data_;
    *pooled = this->pooled();
    data_ = nullptr;
    size_ = capacity_ = 0;
    pooled_ = false;
    return d;
  }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool pooled_ = false;
  std::vector<uint32_t> index_;
};

}  // namespace pcapnode
