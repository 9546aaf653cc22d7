// Which interface a pcapng packet that libpcap has read came on. libpcap (1.10) does not say, and
// a file captured on several interfaces of one link type tells them apart only by the interface
// id in each packet block. The readers of our own (chunked_file_reader.h, pcapng_file_reader.h)
// read it from the block; where libpcap reads a file, the block is found again just behind where
// libpcap's FILE stands. (Streams, which cannot be read again, take it from StreamInput's look
// ahead.)
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "file_byte_order.h"
#include "pcapng_blocks.h"

namespace pcapnode {

// The interface id in the first 12 bytes of a pcapng packet block (0 for a simple packet block,
// which belongs to the first interface).
inline uint32_t PacketBlockInterface(const uint8_t* head, bool bigEndian) {
  switch (FileWord32(head, bigEndian)) {
    case kPcapngEnhancedPacket:
      return FileWord32(head + 8, bigEndian);
    case kPcapngObsoletePacket:
      return FileWord16(head + 8, bigEndian);
    default:
      return 0;
  }
}

// The interface of the pcapng packet libpcap has just read from a file (libpcap does not tell):
// libpcap reads a block whole and no further, so the block ends where the FILE stands, and its
// trailer gives its length. Nearly always the whole block is still in the FILE's buffer (glibc:
// from _IO_read_base to _IO_read_ptr are the bytes just read); otherwise (its head came before
// the buffer's last refill, or glibc read a large block past the buffer) it is read again by
// offset, unless `canReread` is false (a pipe). 0 when it cannot be read.
inline uint32_t InterfaceOfBlockJustRead(FILE* file, bool bigEndian, bool canReread = true) {
  uint8_t bytes[12];
#if defined(__GLIBC__)
  const char* base = file->_IO_read_base;
  const char* ptr = file->_IO_read_ptr;
  if (base != nullptr && ptr - base >= 12) {
    const uint32_t total = FileWord32(reinterpret_cast<const uint8_t*>(ptr - 4), bigEndian);
    if (total >= 12 && total <= static_cast<uint64_t>(ptr - base)) {
      const auto* head = reinterpret_cast<const uint8_t*>(ptr - total);
      if (FileWord32(head + 4, bigEndian) == total) return PacketBlockInterface(head, bigEndian);
    }
  }
#endif
  if (!canReread) return 0;
  const off_t end = ftello(file);  // (an lseek: only for the rare block not in the buffer)
  if (end < 12 || pread(fileno(file), bytes, 4, end - 4) != 4) return 0;
  const uint32_t total = FileWord32(bytes, bigEndian);
  if (total < 12 || static_cast<off_t>(total) > end) return 0;
  if (pread(fileno(file), bytes, 12, end - static_cast<off_t>(total)) != 12) return 0;
  return PacketBlockInterface(bytes, bigEndian);
}

}  // namespace pcapnode
