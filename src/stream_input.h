// A capture read from a pipe, a socket or a FIFO instead of a file: `tcpdump -w - | ...`,
// `ssh host tcpdump -U -w - | http_trace -r -`, `-r <(...)`. libpcap reads it through a FILE like
// any capture file, with two differences that matter when the writer is a live capture:
//  - DataReady() says whether the next bytes are already here, so a read hands its batch to
//    JavaScript as soon as the writer pauses, instead of waiting (maybe for ever) for a full one;
//  - Interrupt() wakes a read blocked on a quiet writer, so close() does not wait for the next
//    packet (or keep the process alive until the writer ends).
// The FILE calls back into this class for its reads (fopencookie). Where there is no
// fopencookie (not glibc or musl), the stream is a plain FILE on the descriptor: it reads the same
// packets, only without the early batches and the interrupt.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

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
#if defined(__linux__)
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

  // Whether the next record can be read without waiting: it is whole in the FILE's buffer, or
  // the descriptor is readable (which includes its end: a closed pipe reads 0 at once). A record
  // is a 16-byte header and its caplen bytes in a pcap file, a block of its total length in
  // pcapng; `swapped`: the file's byte order is not this machine's. Only called by the thread that
  // reads.
  bool DataReady(bool pcapng, bool swapped) const {
    if (file_ == nullptr) return false;
    if (WholeRecordBuffered(pcapng, swapped)) return true;
    pollfd p{fd_, POLLIN, 0};
    int rc;
    do {
      rc = ::poll(&p, 1, 0);
    } while (rc < 0 && errno == EINTR);
    return rc != 0;  // an error too: the read that follows reports it
  }

  // Makes the read in progress, and every later one, end as if the stream had ended. Any thread.
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

  bool WholeRecordBuffered(bool pcapng, bool swapped) const {
#if defined(__GLIBC__)
    // glibc's FILE keeps its read buffer in these public fields (gnulib's freadahead reads them
    // the same way). Elsewhere a batch may end while the FILE holds more packets; the next read,
    // which JavaScript queues at once, takes them.
    const auto* at = reinterpret_cast<const unsigned char*>(file_->_IO_read_ptr);
    const size_t have = static_cast<size_t>(file_->_IO_read_end - file_->_IO_read_ptr);
    const size_t lengthAt = pcapng ? 4 : 8;  // block total length; record caplen
    if (file_->_IO_read_ptr == nullptr || have < lengthAt + 4) return false;
    uint32_t length = 0;
    std::memcpy(&length, at + lengthAt, sizeof length);
    if (swapped) length = __builtin_bswap32(length);
    const uint64_t need = pcapng ? length : 16 + static_cast<uint64_t>(length);
    return have >= need;
#else
    (void)pcapng;
    (void)swapped;
    return false;
#endif
  }

#if defined(__linux__)
  // Waits for the stream or for Interrupt(), then reads what is there (at most `size`). A stream
  // left non-blocking (Node sets its stdin so when process.stdin is used) is waited on the same.
  static ssize_t ReadCookie(void* cookie, char* buffer, size_t size) {
    auto* self = static_cast<StreamInput*>(cookie);
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
#endif

  int fd_ = -1;
  int wake_[2] = {-1, -1};  // Interrupt() writes a byte here to wake a reader in poll()
  FILE* file_ = nullptr;
  std::atomic<bool> interrupted_{false};
};

}  // namespace pcapnode
