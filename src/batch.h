// A batch of captured packets on its way to JavaScript: a stretch of packet bytes and an index with
// one entry of kIndexWords 32-bit words per packet (where its bytes are, its lengths, its
// timestamp). Both pass to JS (a Buffer and a Uint32Array, freed by their finalizers). Memory is
// never reused while JS can still see it, so a packet a user keeps is never overwritten. The index
// is read in host byte order by lib/session.js and lib/raw_packet.js (keep the IDX_* offsets in
// step).
//
// The bytes either hold packets copied one after another (Append: live captures, files read
// through libpcap) or a stretch of a capture file read as it is (the fast file path), in which
// case the index points past each classic record header or pcapng packet block header.
#pragma once

#include <node_api.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace pcapnode {

// Data blocks all have one size; once JS has collected every batch in a block, the block comes
// back here for reuse instead of going back to the system. A fresh block costs a page fault per
// 4 KiB on first touch, which at gigabytes per second is a good part of the work.
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

// A pooled block that batches are carved from, one after another. A live capture fills one
// block over many wakes, each wake's batch taking the next stretch, so a wake that brings
// 100 KiB neither pins a whole block nor needs a fresh one. Whoever uses the block holds a
// reference (the capture filling it, each batch handed to JS); the last one gives it back.
class SharedBlock {
 public:
  static SharedBlock* New() {
    uint8_t* data = BlockPool::Take();
    return data == nullptr ? nullptr : new SharedBlock(data);
  }
  static void Ref(SharedBlock* b) { b->refs_.fetch_add(1, std::memory_order_relaxed); }
  static void Unref(SharedBlock* b) {
    if (b->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      BlockPool::Give(b->data_);
      delete b;
    }
  }

  uint8_t* data() const { return data_; }
  size_t used() const { return used_; }
  size_t remaining() const { return BlockPool::kBlockSize - used_; }
  // The first `end` bytes are taken; the next batch starts at the next multiple of 64 bytes
  // from the block's start.
  void TakeUpTo(size_t end) { used_ = std::min(BlockPool::kBlockSize, (end + 63) & ~static_cast<size_t>(63)); }

 private:
  explicit SharedBlock(uint8_t* data) : data_(data) {}
  uint8_t* data_;
  size_t used_ = 0;
  std::atomic<uint32_t> refs_{1};
};

// A batch's bytes as they leave for JS: `bytes` (nullptr when empty) and how to free them.
struct BatchBytes {
  uint8_t* bytes;
  size_t size;
  napi_finalize finalize;
  void* hint;
};

// Index entry layout (32-bit words).
enum IndexWord : uint32_t {
  kIdxOffset = 0,  // where the packet's bytes start in the batch's bytes
  kIdxCaplen = 1,
  kIdxLen = 2,
  kIdxSecLo = 3,
  kIdxSecHi = 4,
  kIdxUsec = 5,
  kIdxNsec = 6,
  kIdxInterface = 7,  // pcapng: the interface the packet came on, as its block says (0 otherwise)
  kIndexWords = 8,
};

class Batch {
 public:
  // A batch starts in a shared block only when this much of it is free.
  static constexpr size_t kMinBlockRoom = 256u << 10;

  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch() {
    if (block_ != nullptr) {
      SharedBlock::Unref(block_);
    } else {
      std::free(data_);
    }
  }

  // Appends one packet from libpcap. `nano` says whether h->ts.tv_usec holds nanoseconds;
  // `seconds32` whether the seconds came from a 32-bit unsigned field (see AddEntry). Returns false
  // only when memory runs out (the packet is then dropped and the batch stays valid).
  bool Append(const struct pcap_pkthdr* h, const u_char* bytes, bool nano, bool seconds32 = true,
              uint32_t interfaceId = 0) {
    if (!Reserve(size_ + h->caplen)) return false;
    if (h->caplen > 0) std::memcpy(data_ + size_, bytes, h->caplen);  // data_ is null in an empty batch
    // A classic file's fraction is an unsigned 32-bit field that libpcap 1.10 reads as signed:
    // undo the sign extension (a damaged record's 3e9 ns), as the fast path reads it. (Read at the
    // other precision, libpcap has scaled the signed value first; that stays as libpcap gives it.)
    const uint64_t frac = seconds32 ? static_cast<uint32_t>(h->ts.tv_usec) : static_cast<uint64_t>(h->ts.tv_usec);
    AddEntryWithFraction(static_cast<uint32_t>(size_), h->caplen, h->len, static_cast<int64_t>(h->ts.tv_sec), frac,
                         nano, seconds32, interfaceId);
    size_ += h->caplen;
    return true;
  }

  // AddEntry with the fraction of a second as libpcap gives it at the session's precision
  // (nanoseconds when `nano`, else microseconds).
  void AddEntryWithFraction(uint32_t offset, uint32_t caplen, uint32_t len, int64_t sec, uint64_t frac, bool nano,
                            bool seconds32 = true, uint32_t interfaceId = 0) {
    AddEntry(offset, caplen, len, sec, static_cast<uint32_t>(nano ? frac / 1000 : frac), nano ? frac : frac * 1000,
             seconds32, interfaceId);
  }

  // Records a packet whose bytes are already in the batch at `offset`.
  // The seconds go to JS as a signed 64-bit number.
  void AddEntry(uint32_t offset, uint32_t caplen, uint32_t len, int64_t sec, uint32_t usec, uint64_t nsec,
                bool seconds32 = true, uint32_t interfaceId = 0) {
    // Classic pcap files store seconds as unsigned 32-bit, but libpcap 1.10 passes them through a
    // signed 32-bit field: undo that sign extension so 2038-2106 timestamps come out right. pcapng
    // seconds are 64-bit and can be negative (an if_tsoffset before 1970): those stay as they are.
    if (seconds32 && sec < 0 && sec >= INT32_MIN) sec += INT64_C(0x100000000);
    const uint64_t s = static_cast<uint64_t>(sec);
    if (nsec > 0xffffffffu) nsec = 0xffffffffu;  // out-of-range usec in damaged files
    const uint32_t entry[kIndexWords] = {offset,
                                         caplen,
                                         len,
                                         static_cast<uint32_t>(s),
                                         static_cast<uint32_t>(s >> 32),
                                         usec,
                                         static_cast<uint32_t>(nsec),
                                         interfaceId};
    index_.insert(index_.end(), entry, entry + kIndexWords);
  }

  // Makes room for `packets` index entries, so that the index does not grow entry by entry.
  void ReserveIndex(size_t packets) { index_.reserve(packets * kIndexWords); }

  // Makes room for `want` bytes of data in all (exactly that many when `exact`, else rounded up
  // to grow geometrically); false when memory runs out.
  bool Reserve(size_t want, bool exact = false) {
    if (want <= capacity_) return true;
    size_t cap = capacity_ ? capacity_ : 64 * 1024;
    while (cap < want) cap *= 2;
    if (exact) cap = want;
    if (block_ != nullptr) {  // outgrew its stretch of a shared block: move to memory of its own
      void* fresh = std::malloc(cap);
      if (fresh == nullptr) return false;
      std::memcpy(fresh, data_, size_);
      SharedBlock::Unref(block_);
      block_ = nullptr;
      data_ = static_cast<uint8_t*>(fresh);
      capacity_ = cap;
      return true;
    }
    void* grown = std::realloc(data_, cap);
    if (grown == nullptr) return false;
    data_ = static_cast<uint8_t*>(grown);
    capacity_ = cap;
    return true;
  }

  // Starts an empty batch in the free rest of `block`, holding a reference until the batch is
  // released or destroyed. False (and nothing changes) when less than kMinBlockRoom is free.
  bool UseBlock(SharedBlock* block) {
    if (data_ != nullptr || block == nullptr || block->remaining() < kMinBlockRoom) return false;
    SharedBlock::Ref(block);
    block_ = block;
    data_ = block->data() + block->used();
    capacity_ = block->remaining();
    return true;
  }

  // For the fast file path: starts the batch on a whole block of its own (false when memory
  // runs out).
  bool UsePooledBlock() {
    if (data_ != nullptr) return true;
    SharedBlock* block = SharedBlock::New();
    if (block == nullptr) return false;
    const bool ok = UseBlock(block);
    SharedBlock::Unref(block);  // the batch's own reference remains
    return ok;
  }

  // For the fast file path: the batch's bytes begin `n` bytes into its (empty) data area.
  void SkipFront(size_t n) {
    data_ += n;
    capacity_ -= n;
  }

  // For the fast file path: the writable data area and its use.
  uint8_t* data() { return data_; }
  size_t capacity() const { return capacity_; }
  void set_size(size_t size) { size_ = size; }

  size_t size() const { return size_; }
  uint32_t count() const { return static_cast<uint32_t>(index_.size() / kIndexWords); }
  std::vector<uint32_t>& index() { return index_; }

  // Gives the bytes to their new owner (see BatchToJs), leaving the batch empty. A stretch of a
  // shared block passes on the batch's reference and is marked taken, so no later batch reuses it.
  BatchBytes ReleaseData() {
    BatchBytes out{nullptr, 0, nullptr, nullptr};
    if (block_ != nullptr && size_ > 0) {
      block_->TakeUpTo(static_cast<size_t>(data_ - block_->data()) + size_);
      out = {data_, size_, [](napi_env, void*, void* hint) { SharedBlock::Unref(static_cast<SharedBlock*>(hint)); },
             block_};
    } else if (block_ != nullptr) {
      SharedBlock::Unref(block_);
    } else if (data_ != nullptr) {
      out = {data_, size_, [](napi_env, void* p, void*) { std::free(p); }, nullptr};
    }
    block_ = nullptr;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return out;
  }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  SharedBlock* block_ = nullptr;  // set when data_ lies in a shared block
  std::vector<uint32_t> index_;
};

}  // namespace pcapnode
