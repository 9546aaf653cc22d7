// A capture read from a pipe, a socket or a FIFO instead of a file: `tcpdump -w - | ...`,
// `ssh host tcpdump -U -w - | http_trace -r -`, `-r <(...)`. libpcap reads it through a FILE like
// any capture file, but the read worker asks NextPacketReady() before each packet, and reads only
// while the answer is yes. So a read never waits for the writer: it hands over the packets that
// have come as soon as the next one is not whole, and when none has come it returns empty (the
// session asks again shortly). No thread-pool thread is held while the writer is quiet, and
// close(), process.exit() and worker.terminate() need not wait for the writer.
//
// The FILE's reads come here (fopencookie) and are served from a staging buffer that
// NextPacketReady() fills with what the descriptor has, without blocking; whether a record is
// whole is read from the FILE's own buffer (glibc's public read pointers, as gnulib's
// freadahead does) followed by the staging buffer. Without glibc the stream is a plain FILE on
// the descriptor: the same packets, but a read waits until its batch is full or the writer ends.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "file_byte_order.h"
#include "pcapng_blocks.h"

namespace pcapnode {

class StreamInput {
 public:
  StreamInput() = default;
  StreamInput(const StreamInput&) = delete;
  StreamInput& operator=(const StreamInput&) = delete;

  // Wraps `fd` (taken over: fclose() of the returned FILE closes it). nullptr on failure, with
  // errno set and `fd` closed. The FILE must be closed before this object goes away.
  FILE* Open(int fd) {
    fd_ = fd;
#if defined(__GLIBC__)
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) return Fail();
    cookie_io_functions_t io{};
    io.read = &StreamInput::ReadCookie;
    io.close = &StreamInput::CloseCookie;
    file_ = ::fopencookie(this, "rb", io);
#else
    file_ = ::fdopen(fd, "rb");
#endif
    if (file_ == nullptr) return Fail();
    return file_;
  }

  // Whether libpcap can read the next packet without waiting for the writer: its record (pcap:
  // a 16-byte header and caplen bytes) or block (pcapng: its total length, past any whole blocks
  // that are not packets) is whole in what has come, or the stream has ended or failed (libpcap
  // then says so). Takes in what the descriptor has meanwhile, without blocking. `swapped`: the
  // file's byte order is not this machine's. Only called by the thread that reads.
  bool NextPacketReady(bool pcapng, bool swapped) {
#if defined(__GLIBC__)
    nextInterfaceKnown_ = false;
    // where the walk over whole blocks that are no packets got to, so that each read taken in
    // does not walk them all again (what has come stays where it is while libpcap does not read)
    Walk walk{0, swapped};
    for (;;) {
      if (ended_ || NextPacketWhole(pcapng, &walk)) return true;
      switch (TakeInAvailable()) {
        case TakeIn::kTook:
          break;
        case TakeIn::kNothing:
          return false;
        case TakeIn::kEnded:
          ended_ = true;  // the end (0) or an error: the FILE's read meets it again and tells libpcap
          return true;
        case TakeIn::kTooLong:
          return true;  // let libpcap read this long record, waiting if need be
      }
    }
#else
    (void)pcapng;
    (void)swapped;
    return true;
#endif
  }

  // pcapng: the interface of the packet libpcap reads next, as its block says (0 for a simple
  // packet block), when the last NextPacketReady() reached that block's head; false otherwise
  // (it stopped at more than kMaxStaged bytes of blocks that are no packets, say).
  bool NextPacketInterface(uint32_t* id) const {
#if defined(__GLIBC__)
    if (!nextInterfaceKnown_) return false;  // *id untouched
    *id = nextInterface_;
    return true;
#else
    (void)id;
    return false;
#endif
  }

  // Bytes taken in from the descriptor so far: a read that took some made progress even when it
  // brought no packet (a long record coming in pieces, or packets a filter dropped).
  uint64_t bytesTaken() const {
#if defined(__GLIBC__)
    return bytesTaken_;
#else
    return 0;
#endif
  }

  // Makes the read in progress, and every later one, end as if the stream had ended. Any thread.
  // (A read waits only when NextPacketReady() misjudged a record, e.g. a pcap variant with longer
  // record headers.)
  void Interrupt() {
    interrupted_.store(true);
    if (wake_[1] >= 0) {
      const char byte = 1;
      ssize_t ignored = ::write(wake_[1], &byte, 1);  // a full pipe has woken the reader already
      (void)ignored;
    }
  }

 private:
  FILE* Fail() {
    const int saved = errno;
    CloseFds();
    errno = saved;
    return nullptr;
  }

  void CloseFds() {
    for (int* fd : {&fd_, &wake_[0], &wake_[1]}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
  }

#if defined(__GLIBC__)
  static constexpr size_t kTakeIn = 64 * 1024;             // bytes per read(2) into the staging buffer
  static constexpr size_t kMaxStaged = 32 << 20;           // more is not staged (a record is smaller)
  static constexpr uint32_t kByteOrderMagic = 0x1a2b3c4d;  // in a section header, in its byte order
  static constexpr uint32_t kMaxBlock = 16 << 20;          // libpcap's largest pcapng block for most
                                                           // link types (larger ones it reads waiting)
  static constexpr uint32_t kMaxPlausibleCaplen = 262144;  // libpcap's largest for most link types

  // What has come and libpcap has not read is the FILE's buffer, then the staging buffer: Have()
  // bytes, byte `i` of them At(i).
  size_t Have() const {
    return static_cast<size_t>(file_->_IO_read_end - file_->_IO_read_ptr) + (staged_.size() - stagedFrom_);
  }
  uint8_t At(size_t i) const {
    const size_t inFile = static_cast<size_t>(file_->_IO_read_end - file_->_IO_read_ptr);
    return i < inFile ? static_cast<uint8_t>(file_->_IO_read_ptr[i]) : staged_[stagedFrom_ + i - inFile];
  }
  // A field of what has come, in the file's byte order (it may span the two buffers).
  uint32_t U32At(size_t i, bool swapped) const {
    const uint8_t b[4] = {At(i), At(i + 1), At(i + 2), At(i + 3)};
    return FileWord32(b, FileBigEndian(swapped));
  }
  uint16_t U16At(size_t i, bool swapped) const {
    const uint8_t b[2] = {At(i), At(i + 1)};
    return FileWord16(b, FileBigEndian(swapped));
  }

  // Whether the next packet's record (pcap) or block (pcapng, past whole blocks that are not
  // packets, and past new sections, in their own byte order) is whole; once the walk reaches a
  // packet block, its interface goes to nextInterface_. A length no writer would give counts as
  // whole: libpcap then reads it and says what is wrong, at once.
  // `walk` says where to start (0, in the file's byte order, the first time) and keeps where the
  // walk got to, past whole blocks, for the next call.
  struct Walk {
    size_t at;
    bool swapped;
  };
  bool NextPacketWhole(bool pcapng, Walk* walk) {
    const size_t have = Have();
    bool swapped = walk->swapped;
    if (!pcapng) {
      if (have < 16) return false;
      const uint32_t caplen = U32At(8, swapped);
      return caplen > kMaxPlausibleCaplen || have >= 16 + static_cast<uint64_t>(caplen);
    }
    for (size_t at = walk->at;;) {
      walk->at = at;
      walk->swapped = swapped;
      if (have < at + 12) return false;
      const uint32_t type = U32At(at, swapped);
      if (type == kPcapngSectionHeader) {  // a new section: its byte-order magic says how to read it and what follows
        const uint32_t magic = U32At(at + 8, swapped);
        if (magic != kByteOrderMagic) {
          if (__builtin_bswap32(magic) != kByteOrderMagic) return true;
          swapped = !swapped;
        }
      }
      const bool packet = type == kPcapngEnhancedPacket || type == kPcapngSimplePacket || type == kPcapngObsoletePacket;
      if (packet) {
        // enhanced: a 32-bit interface id first; obsolete: a 16-bit one; simple: the first
        // interface. Taken from the block's head, also for a block libpcap is left to judge.
        nextInterface_ = type == kPcapngEnhancedPacket   ? U32At(at + 8, swapped)
                         : type == kPcapngObsoletePacket ? U16At(at + 8, swapped)
                                                         : 0;
        nextInterfaceKnown_ = true;
      }
      const uint32_t length = U32At(at + 4, swapped);
      if (length < 12 || length % 4 != 0 || length > kMaxBlock) return true;
      if (have < at + static_cast<uint64_t>(length)) return false;
      if (packet) return true;
      at += length;  // a whole block that is no packet: look at the next one
    }
  }

  enum class TakeIn { kTook, kNothing, kEnded, kTooLong };

  // Reads what the descriptor has into the staging buffer, without waiting: kNothing while the
  // writer is quiet, kEnded at its end or an error.
  TakeIn TakeInAvailable() {
    if (staged_.size() - stagedFrom_ >= kMaxStaged) return TakeIn::kTooLong;
    pollfd p{fd_, POLLIN, 0};
    int rc;
    do {
      rc = ::poll(&p, 1, 0);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) return TakeIn::kNothing;
    if (stagedFrom_ > 0 && stagedFrom_ >= staged_.size() / 2) {  // drop what the FILE has taken
      staged_.erase(staged_.begin(), staged_.begin() + static_cast<std::ptrdiff_t>(stagedFrom_));
      stagedFrom_ = 0;
      if (staged_.capacity() > (4u << 20) && staged_.size() < (1u << 20))
        staged_.shrink_to_fit();  // after a long record
    }
    const size_t old = staged_.size();
    staged_.resize(old + kTakeIn);
    ssize_t n;
    do {
      n = ::read(fd_, staged_.data() + old, kTakeIn);
    } while (n < 0 && errno == EINTR);
    staged_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n > 0) {
      bytesTaken_ += static_cast<uint64_t>(n);
      return TakeIn::kTook;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return TakeIn::kNothing;
    return TakeIn::kEnded;
  }

  // The FILE's reads: from the staging buffer while it has bytes, else from the descriptor,
  // waiting for it or for Interrupt() (a stream left non-blocking, as Node leaves its stdin once
  // process.stdin is used, is waited on the same).
  static ssize_t ReadCookie(void* cookie, char* buffer, size_t size) {
    auto* self = static_cast<StreamInput*>(cookie);
    if (self->stagedFrom_ < self->staged_.size()) {
      const size_t n = std::min(size, self->staged_.size() - self->stagedFrom_);
      std::memcpy(buffer, self->staged_.data() + self->stagedFrom_, n);
      self->stagedFrom_ += n;
      return static_cast<ssize_t>(n);
    }
    for (;;) {
      if (self->interrupted_.load()) return 0;
      pollfd p[2] = {{self->fd_, POLLIN, 0}, {self->wake_[0], POLLIN, 0}};
      if (::poll(p, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (p[1].revents != 0) continue;  // Interrupt(): seen at the top
      const ssize_t n = ::read(self->fd_, buffer, size);
      if (n >= 0) return n;
      if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    }
  }

  static int CloseCookie(void* cookie) {
    auto* self = static_cast<StreamInput*>(cookie);
    self->CloseFds();
    self->file_ = nullptr;
    return 0;
  }

  std::vector<uint8_t> staged_;  // read from the descriptor, not yet by the FILE
  size_t stagedFrom_ = 0;        // the first byte of staged_ the FILE has not taken
  bool ended_ = false;           // the descriptor reached its end or failed
  uint64_t bytesTaken_ = 0;      // read from the descriptor into staged_, in all
  uint32_t nextInterface_ = 0;   // see NextPacketInterface()
  bool nextInterfaceKnown_ = false;
#endif

  int fd_ = -1;
  int wake_[2] = {-1, -1};  // Interrupt() writes a byte here to wake a reader in poll()
  FILE* file_ = nullptr;
  std::atomic<bool> interrupted_{false};
};

}  // namespace pcapnode
