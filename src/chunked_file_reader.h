// The fast path for capture files: classic pcap files, and pcapng files up to the first block
// that is not a packet, an interface libpcap would take, or a block without packets (so all of a
// file of one section, as tcpdump, Wireshark and dumpcap write it, on one interface or several
// of one link type). libpcap reads a file record by record through stdio, copying every packet
// twice or three times; this reader reads the file straight into batch blocks and indexes the
// packets where they lie, so a packet is copied once, by the kernel. It handles only plain
// records: the first one it does not (a capture length over the snap length or libpcap's
// maximum, a record cut short at the end of the file; in pcapng, any other block) makes it stop,
// and the caller hands the rest of the file on from that record, so every odd case still gets
// libpcap's exact behaviour and messages. Who takes over in a pcapng file depends on what libpcap
// knows. When it opened the file it read the section header and the first interface, and the
// blocks without packets change nothing it keeps: as long as the fast path has taken no other
// interface, libpcap goes on from the record. Once it has, libpcap would not know that interface,
// so PcapngReader (pcapng_file_reader.h) goes on instead: it reads the file's sections and
// interfaces again from the start, then the rest of the file as libpcap would.
//
// The file is cut into fixed chunks of kChunkSize bytes after its header, one batch each, so two
// thread-pool threads can copy two chunks at once: the copying is nearly all the work, and one
// core copies about half as fast as two. Only the indexing goes in file order. A chunk's last
// record usually runs on into the next chunk; the next chunk starts its batch with that record's
// first part (the carry), copied into the room kept free before its data. The turn passes from
// chunk to chunk under a mutex; a chunk that finds the turn is not yet its own waits, which is
// safe because chunks are queued in order on libuv's first-in first-out pool, so the chunk it
// waits for has already started.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "batch.h"
#include "file_byte_order.h"
#include "pcapng_blocks.h"

namespace pcapnode {

class ChunkedFileReader {
 public:
  // kSkipped: an earlier chunk ended the fast path (end of file, a record left to libpcap, an
  // error); this chunk delivers nothing.
  enum class Status { kMore, kEof, kFallback, kError, kSkipped };

  // Bytes of file per chunk, and the room before them for the carry: one largest record.
  static constexpr size_t kChunkSize = 2u << 20;
  static constexpr size_t kHeadroom = BlockPool::kBlockSize - kChunkSize;

  ChunkedFileReader() = default;
  ChunkedFileReader(const ChunkedFileReader&) = delete;
  ChunkedFileReader& operator=(const ChunkedFileReader&) = delete;
  ~ChunkedFileReader() { Close(); }

  // Starts reading the file open as `fd` (which it then owns: a duplicate of libpcap's, so that
  // both read the same file even if its name now leads elsewhere; pread(2) leaves the shared file
  // position alone) after its headers, if it is a standard classic pcap (µs or ns magic, either
  // byte order, version 2.4) or a pcapng file whose first interface is of a plain link type
  // (found within its first 64 blocks, each at most 256 KiB).
  // `snaplen` and `dlt` are libpcap's for the file, `nano` the session's precision. Returns whether
  // the fast path is in use. Main thread, before any read.
  bool Open(int fd, uint32_t snaplen, int dlt, bool nano) {
    Close();
    fd_ = fd;
    if (fd_ < 0 || !PlainLinkType(dlt)) return Fail();
    uint8_t magic[4];
    if (::pread(fd_, magic, sizeof magic, 0) != static_cast<ssize_t>(sizeof magic)) return Fail();
    snaplen_ = snaplen;
    nano_ = nano;
    dlt_ = dlt;
    interfaces_.clear();
    const bool ok = Le32(magic) == kPcapngSectionHeader ? OpenPcapng(dlt) : OpenClassic();
    if (!ok || LibpcapRewritesPseudoHeader(dlt, bigEndian_)) return Fail();
    nextChunk_ = 0;
    turn_ = 0;
    stopped_ = false;
    carry_.clear();
    nextRecord_ = dataStart_;
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    active_ = true;
    return true;
  }

  // Whether reads still go through this reader. Main thread only.
  bool active() const { return active_; }

  // The next chunk to read. Main thread, when queueing a read: chunks are queued in order.
  uint64_t TakeChunk() { return nextChunk_++; }

  // File offset of the first record not handed out, where libpcap takes over. Valid when no
  // chunk is being read.
  uint64_t resumeOffset() const { return nextRecord_; }

  // Whether the rest of the file, from resumeOffset(), is for PcapngReader rather than libpcap:
  // the fast path has taken interfaces libpcap never saw. Valid when no chunk is being read.
  bool resumeWithPcapngReader() const { return interfaces_.size() > 1; }

  // Stops using the fast path (the caller continues with libpcap from resumeOffset()). Main
  // thread. The file stays open until Close(): a chunk still being read may be using it.
  void Deactivate() { active_ = false; }

  // Reads chunk `chunk` into `batch` and indexes its whole records, beginning with the record the
  // chunk before left unfinished. On kFallback the batch holds every record before the one left
  // to libpcap; on kError, every record read before the error. Any thread; see the file comment.
  Status FillChunk(Batch& batch, uint64_t chunk, std::string* error) {
    Turn turn(this, chunk);  // passes the turn on (or ends the fast path) however this returns
    try {
      if (batch.UsePooledBlock()) return ReadChunk(batch, chunk, turn, error);
    } catch (const std::bad_alloc&) {
      // the index could not grow: the batch keeps the whole records indexed before
    }
    // Out of memory is this chunk's error only if it is still wanted: after an earlier chunk
    // ended the fast path (the end of the file, say), it is skipped like any other.
    const Status status = turn.Stop(Status::kError);
    if (status == Status::kError) *error = "out of memory while reading the capture file";
    return status;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    active_ = false;
  }

 private:
  class Turn;

  Status ReadChunk(Batch& batch, uint64_t chunk, Turn& turn, std::string* error) {
    uint8_t* const block = batch.data();
    const uint64_t chunkStart = dataStart_ + chunk * kChunkSize;
    Indexer ix{this, &batch, block, chunkStart};
    size_t got = 0;  // bytes of this chunk read, at block + kHeadroom
    int readErrno = 0;
    bool atEnd = false;
    // Read in pieces, indexing each as soon as it is this chunk's turn: the record headers are
    // read while the piece the kernel just copied is still in this core's cache.
    while (got < kChunkSize) {
      if (!turn.mine()) {
        const Turn::State state = turn.Poll();
        if (state == Turn::kStopped) return Status::kSkipped;
        if (state == Turn::kMine) ix.Begin(carry_);
      }
      const ssize_t n = ::pread(fd_, block + kHeadroom + got, std::min(kReadPiece, kChunkSize - got),
                                static_cast<off_t>(chunkStart + got));
      if (n < 0) {
        if (errno == EINTR) continue;
        readErrno = errno;
        break;
      }
      if (n == 0) {
        atEnd = true;
        break;
      }
      got += static_cast<size_t>(n);
      if (turn.mine() && !ix.Index(kHeadroom + got)) return turn.Stop(Status::kFallback, ix.recordOffset());
    }
    if (!turn.mine()) {
      if (!turn.Wait()) return Status::kSkipped;
      ix.Begin(carry_);
    }
    if (!ix.Index(kHeadroom + got)) return turn.Stop(Status::kFallback, ix.recordOffset());
    if (readErrno != 0) {
      *error = std::string("error reading dump file: ") + std::strerror(readErrno);
      return turn.Stop(Status::kError);
    }
    const size_t end = kHeadroom + got;
    if (atEnd) {
      // a record cut off at the end: libpcap reads it and says how it is truncated
      return ix.p < end ? turn.Stop(Status::kFallback, ix.recordOffset()) : turn.Stop(Status::kEof);
    }
    turn.PassOn(block + ix.p, block + end, ix.recordOffset());
    return Status::kMore;
  }

  static constexpr size_t kClassicHeader = 24;
  // More interfaces than this in one file are left to PcapngReader (a bound on memory).
  static constexpr size_t kMaxInterfaces = 4096;
  // libpcap's largest capture length for ordinary link types.
  static constexpr uint32_t kMaxCaplen = 262144;
  // Bytes per pread(2): small enough to stay in a core's L2 cache until indexed.
  static constexpr size_t kReadPiece = 256u << 10;
  static_assert(kHeadroom >= 16 + kMaxCaplen, "the carry is less than one whole record");

  bool OpenClassic() {
    uint8_t h[kClassicHeader];
    if (::pread(fd_, h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) return false;
    const uint32_t magic = Le32(h);
    if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du) {
      bigEndian_ = false;
    } else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u) {
      bigEndian_ = true;
    } else {
      return false;
    }
    pcapng_ = false;
    fileNano_ = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    dataStart_ = kClassicHeader;
    return Word16(h + 4) == 2 && Word16(h + 6) == 4;
  }

  // Finds the first interface as libpcap did when it opened the file (the section header, then
  // any blocks up to the first Interface Description Block) and starts after it.
  bool OpenPcapng(int dlt) {
    uint8_t h[12];
    if (::pread(fd_, h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) return false;
    if (Le32(h + 8) == 0x1a2b3c4du) {
      bigEndian_ = false;
    } else if (Be32(h + 8) == 0x1a2b3c4du) {
      bigEndian_ = true;
    } else {
      return false;
    }
    pcapng_ = true;
    uint64_t at = 0;
    std::vector<uint8_t> block;
    for (int blocks = 0; blocks < 64; blocks++) {
      uint8_t head[8];
      if (::pread(fd_, head, sizeof head, static_cast<off_t>(at)) != static_cast<ssize_t>(sizeof head)) return false;
      const uint32_t type = Word32(head);
      const uint32_t total = Word32(head + 4);
      if (total < 12 || total % 4 != 0 || total > kHeadroom) return false;
      if ((type == kPcapngSectionHeader) != (at == 0)) return false;  // one section, first
      if (type == kPcapngEnhancedPacket || type == kPcapngSimplePacket || type == kPcapngObsoletePacket) return false;
      if (type == kPcapngInterfaceDescription) {
        block.resize(total);
        if (::pread(fd_, block.data(), total, static_cast<off_t>(at)) != static_cast<ssize_t>(total)) return false;
        std::string error;
        PcapngInterface first;
        if (Word32(block.data() + total - 4) != total ||
            !ParsePcapngInterface(block.data() + 8, total - 12, bigEndian_, &first, &error) || first.dlt != dlt) {
          return false;
        }
        interfaces_.push_back(first);
        dataStart_ = at + total;
        return true;
      }
      at += total;
    }
    return false;  // not worth a search: libpcap reads it
  }

  // A classic record's fraction of a second as the index takes it from libpcap (Batch::Append):
  // libpcap reads the field as a signed 32-bit number from a file in the host's byte order and as
  // an unsigned one from a file it byte-swaps, and at the other precision multiplies or divides
  // that by 1000 in 64 bits; the index keeps the low 32 bits. For a valid fraction all of this is
  // plain scaling; a damaged one (2^31 or more, or a million microseconds or more at nanosecond
  // precision) comes out as libpcap gives it.
  uint32_t ClassicFraction(uint32_t frac) const {
    if (fileNano_ == nano_) return frac;  // pass-through: the file's precision is the session's
    const bool swapped = bigEndian_ != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
    const int64_t read = swapped ? static_cast<int64_t>(frac) : static_cast<int64_t>(static_cast<int32_t>(frac));
    return static_cast<uint32_t>(nano_ ? read * 1000 : read / 1000);
  }

  // Indexes the records of one chunk's batch, from the carry on.
  struct Indexer {
    ChunkedFileReader* reader;
    Batch* batch;
    uint8_t* block;
    uint64_t chunkStart;  // file offset of block + kHeadroom
    size_t start = 0;     // where the batch's bytes begin in the block (the carry's first byte)
    size_t p = 0;         // the next record's header

    void Begin(const std::vector<uint8_t>& carry) {
      start = kHeadroom - carry.size();
      if (!carry.empty()) std::memcpy(block + start, carry.data(), carry.size());
      p = start;
      batch->SkipFront(start);
      batch->ReserveIndex(kChunkSize / 400);
    }

    // Indexes the whole records before `end`; false at a record left to libpcap (at p).
    bool Index(size_t end) {
      return reader->pcapng_ ? reader->IndexPcapng(*this, end) : reader->IndexClassic(*this, end);
    }

    // The record at p, `length` bytes long, is indexed (the batch keeps whole records only, also if
    // the next AddEntry throws).
    void Next(size_t length) {
      p += length;
      batch->set_size(p - start);
    }

    uint64_t recordOffset() const { return chunkStart + p - kHeadroom; }
  };

  bool IndexClassic(Indexer& ix, size_t end) const {
    const uint8_t* const block = ix.block;
    while (ix.p + 16 <= end) {
      const uint8_t* record = block + ix.p;
      const uint32_t caplen = Word32(record + 8);
      if (caplen > snaplen_ || caplen > kMaxCaplen) return false;
      if (ix.p + 16 + caplen > end) break;  // the rest of this record comes with the next piece
      ix.batch->AddEntryWithFraction(static_cast<uint32_t>(ix.p - ix.start + 16), caplen, Word32(record + 12),
                                     Word32(record), ClassicFraction(Word32(record + 4)), nano_);
      ix.Next(16 + caplen);
    }
    return true;
  }

  // pcapng: a block this reader leaves to libpcap or PcapngReader, which reads it (and judges it)
  // and the rest of the file. Packets, interfaces like the first and blocks without packets are
  // read here. Only the chunk whose turn it is runs this, so interfaces_ needs no lock of its own.
  bool IndexPcapng(Indexer& ix, size_t end) {
    uint8_t* const block = ix.block;
    while (ix.p + 8 <= end) {
      const size_t p = ix.p;
      const uint32_t type = Word32(block + p);
      const uint32_t total = Word32(block + p + 4);
      if (total < 12 || total % 4 != 0 || total > kHeadroom) return false;
      if (p + total > end) break;  // the rest of this block comes with the next piece
      if (Word32(block + p + total - 4) != total) return false;
      if (type == kPcapngEnhancedPacket) {
        const uint8_t* body = block + p + 8;
        const uint32_t size = total - 12;
        if (size < 20 || Word32(body) >= interfaces_.size()) return false;  // short, or no such interface
        const PcapngInterface& in = interfaces_[Word32(body)];
        const uint32_t caplen = Word32(body + 12);
        if (caplen > size - 20 || caplen > snaplen_ || caplen > in.snaplen || caplen > kMaxCaplen) return false;
        uint64_t sec;
        uint64_t frac;
        PcapngTimestamp((static_cast<uint64_t>(Word32(body + 4)) << 32) | Word32(body + 8), in, nano_, &sec, &frac);
        // as Batch::Append takes what libpcap gives: 64-bit seconds
        ix.batch->AddEntryWithFraction(static_cast<uint32_t>(p - ix.start + 8 + 20), caplen, Word32(body + 16),
                                       static_cast<int64_t>(static_cast<time_t>(sec)), frac, nano_, false,
                                       Word32(body));
      } else if (type == kPcapngInterfaceDescription) {
        if (!TakeInterface(block + p + 8, total - 12)) return false;
      } else if (type == kPcapngSectionHeader || type == kPcapngSimplePacket || type == kPcapngObsoletePacket) {
        return false;  // a new section, or an old kind of packet
      }
      // statistics, name resolution, decryption secrets, custom blocks...: no packets
      ix.Next(total);
    }
    return true;
  }

  // Another interface of the section, taken as libpcap 1.10 takes one: only if its link type field
  // equals the first interface's DLT_ value and its snapshot length (adjusted) the first's, and
  // its options parse. libpcap compares the field as written with the DLT_ it made of the first
  // one, so after a first interface of LINKTYPE_RAW (101, DLT_RAW 12 here) it refuses a second of
  // 101. Any other is left to libpcap or PcapngReader, which refuse it or read on with it.
  bool TakeInterface(const uint8_t* body, size_t size) {
    if (size < 8 || interfaces_.size() >= kMaxInterfaces) return false;
    if (Word16(body) != static_cast<uint32_t>(dlt_)) return false;
    PcapngInterface in;
    std::string error;
    if (!ParsePcapngInterface(body, size, bigEndian_, &in, &error) || in.snaplen != snaplen_) return false;
    interfaces_.push_back(in);
    return true;
  }

  // One chunk's place in the order: it may index only when every chunk before it is indexed, and
  // it must pass the turn on (or stop the fast path) whatever happens, or the next chunk would
  // wait for ever. The destructor stops the fast path if neither was done (an exception).
  class Turn {
   public:
    enum State { kMine, kNotYet, kStopped };
    Turn(ChunkedFileReader* r, uint64_t chunk) : r_(r), chunk_(chunk) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() {
      if (!done_) Stop(Status::kError);  // an exception (out of memory) left FillChunk
    }

    bool mine() const { return mine_; }

    State Poll() {
      std::lock_guard<std::mutex> lock(r_->mutex_);
      return Check();
    }

    // Waits for this chunk's turn; false when an earlier chunk stopped the fast path.
    bool Wait() {
      std::unique_lock<std::mutex> lock(r_->mutex_);
      State s;
      r_->turnChanged_.wait(lock, [&] { return (s = Check()) != kNotYet; });
      return s == kMine;
    }

    // Hands the next chunk the unfinished record [from, to) that starts at file offset `at`.
    void PassOn(const uint8_t* from, const uint8_t* to, uint64_t at) {
      {
        std::lock_guard<std::mutex> lock(r_->mutex_);
        r_->carry_.assign(from, to);
        r_->nextRecord_ = at;
        r_->turn_ = chunk_ + 1;
      }
      done_ = true;
      r_->turnChanged_.notify_all();
    }

    // Ends the fast path with this chunk: the chunks after it are skipped. `at`: where libpcap
    // goes on, for kFallback. A chunk that fails before its turn (out of memory) waits for the
    // turn first, so that the chunks before it are delivered whole; should one of them end the
    // fast path meanwhile, this chunk is skipped instead.
    Status Stop(Status why, uint64_t at = 0) {
      {
        std::unique_lock<std::mutex> lock(r_->mutex_);
        State s;
        r_->turnChanged_.wait(lock, [&] { return (s = Check()) != kNotYet; });
        done_ = true;
        if (s == kStopped) return Status::kSkipped;
        r_->stopped_ = true;
        if (why == Status::kFallback) r_->nextRecord_ = at;
      }
      r_->turnChanged_.notify_all();
      return why;
    }

   private:
    State Check() {
      if (r_->stopped_) {
        done_ = true;  // nothing to pass on
        return kStopped;
      }
      if (r_->turn_ == chunk_) {
        mine_ = true;
        return kMine;
      }
      return kNotYet;
    }

    ChunkedFileReader* r_;
    uint64_t chunk_;
    bool mine_ = false;
    bool done_ = false;
  };

  bool Fail() {
    Close();
    return false;
  }

  uint32_t Word32(const uint8_t* b) const { return FileWord32(b, bigEndian_); }
  uint16_t Word16(const uint8_t* b) const { return FileWord16(b, bigEndian_); }

  int fd_ = -1;
  bool active_ = false;     // main thread
  uint64_t nextChunk_ = 0;  // main thread
  bool bigEndian_ = false;  // the file's byte order (from its magic number or byte-order mark)
  bool pcapng_ = false;
  bool fileNano_ = false;   // classic: the file's time stamps are in nanoseconds
  uint32_t snaplen_ = 0;    // libpcap's for the file
  uint64_t dataStart_ = 0;  // file offset of chunk 0: after the file header, or after the first interface
  int dlt_ = -1;            // libpcap's DLT_ value for the file
  // pcapng: the section's interfaces, the first found at Open, the others while indexing (by the
  // chunk whose turn it is)
  std::vector<PcapngInterface> interfaces_;
  bool nano_ = false;  // the session's precision: nanoseconds (else microseconds)

  // The order in which chunks are indexed (guarded by mutex_).
  std::mutex mutex_;
  std::condition_variable turnChanged_;
  uint64_t turn_ = 0;           // the chunk that indexes next
  bool stopped_ = false;        // a chunk ended the fast path: every later one is skipped
  std::vector<uint8_t> carry_;  // the start of the record the last indexed chunk left unfinished
  uint64_t nextRecord_ = 0;     // its file offset: where libpcap would go on
};

}  // namespace pcapnode
