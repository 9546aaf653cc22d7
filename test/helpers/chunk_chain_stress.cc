// Stress test of the fast file path's chunk chain (src/chunked_file_reader.h), built by
// test/capture/chunk_chain.test.js with ThreadSanitizer. THREADS threads take chunks in order
// and read them at once, as libuv's pool does; the batches, put in chunk order, must hold exactly
// the records a sequential parse of the file finds, and end as it does (the end of the file, or
// a fallback at the same offset). FILE is a classic pcap file, or a little-endian pcapng file of
// Ethernet interfaces (a section, interfaces, and then packets and more interfaces: the chunk
// that indexes an interface adds it to what the next ones read).
//   chunk_chain_stress FILE THREADS SNAPLEN ROUNDS
#include <fcntl.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "chunked_file_reader.h"

using pcapnode::Batch;
using pcapnode::ChunkedFileReader;
using Status = ChunkedFileReader::Status;

namespace {

struct Chunk {
  Status status;
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> index;
};

std::vector<uint8_t> ReadAll(const char* path) {
  std::vector<uint8_t> out;
  FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return out;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  std::fclose(f);
  return out;
}

uint32_t Le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const char* path = argv[1];
  const int threads = std::atoi(argv[2]);
  const uint32_t snaplen = static_cast<uint32_t>(std::atoi(argv[3]));
  const int rounds = std::atoi(argv[4]);
  const std::vector<uint8_t> file = ReadAll(path);
  // The sequential answer: whole records until an odd one or the end of the file.
  std::vector<std::pair<size_t, uint32_t>> records;  // data offset, caplen
  const bool pcapng = file.size() >= 4 && Le32(file.data()) == 0x0a0d0d0a;
  size_t p = 24;
  uint32_t interfaces = 0;
  if (pcapng) {
    for (p = 0; p + 12 <= file.size();) {
      const uint32_t type = Le32(&file[p]);
      const uint32_t total = Le32(&file[p + 4]);
      if (p + total > file.size() || (type == 0x0a0d0d0a && p != 0)) break;
      if (type == 1) {
        interfaces++;
      } else if (type == 6) {
        const uint32_t caplen = Le32(&file[p + 20]);
        if (Le32(&file[p + 8]) >= interfaces || caplen > snaplen) break;
        records.push_back({p + 28, caplen});
      }
      p += total;
    }
  } else {
    while (p + 16 <= file.size()) {
      const uint32_t caplen = Le32(&file[p + 8]);
      if (caplen > snaplen || caplen > 262144 || p + 16 + caplen > file.size()) break;
      records.push_back({p + 16, caplen});
      p += 16 + caplen;
    }
  }
  const bool fallback = p < file.size();
  for (int round = 0; round < rounds; round++) {
    ChunkedFileReader reader;
    if (!reader.Open(::open(path, O_RDONLY | O_CLOEXEC), snaplen, 1, false)) {
      std::printf("cannot open %s\n", path);
      return 1;
    }
    std::mutex mutex;
    std::map<uint64_t, Chunk> chunks;
    uint64_t next = 0;
    bool ended = false;
    auto work = [&]() {
      while (true) {
        uint64_t k;
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (ended) return;
          k = next++;
        }
        Batch batch;
        std::string error;
        const Status status = reader.FillChunk(batch, k, &error);
        Chunk c{status, std::vector<uint8_t>(batch.data(), batch.data() + batch.size()), batch.index()};
        std::lock_guard<std::mutex> lock(mutex);
        chunks[k] = std::move(c);
        if (status != Status::kMore) ended = true;
      }
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; i++) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    size_t r = 0;
    Status last = Status::kMore;
    for (const auto& [k, c] : chunks) {
      for (size_t e = 0; e + pcapnode::kIndexWords <= c.index.size(); e += pcapnode::kIndexWords) {
        const uint32_t offset = c.index[e + pcapnode::kIdxOffset];
        const uint32_t caplen = c.index[e + pcapnode::kIdxCaplen];
        if (r >= records.size() || caplen != records[r].second || offset + caplen > c.bytes.size() ||
            std::memcmp(c.bytes.data() + offset, &file[records[r].first], caplen) != 0) {
          std::printf("round %d: record %zu (chunk %llu) differs\n", round, r, static_cast<unsigned long long>(k));
          return 1;
        }
        r++;
      }
      if (c.status != Status::kMore) {
        last = c.status;
        break;
      }
    }
    // after interfaces libpcap never saw, PcapngReader must take over
    const bool endOk = fallback ? last == Status::kFallback && reader.resumeOffset() == p &&
                                      reader.resumeWithPcapngReader() == (interfaces > 1)
                                : last == Status::kEof;
    if (r != records.size() || !endOk) {
      std::printf("round %d: %zu of %zu records, status %d, resume at %llu (want %llu)\n", round, r, records.size(),
                  static_cast<int>(last), static_cast<unsigned long long>(reader.resumeOffset()),
                  static_cast<unsigned long long>(p));
      return 1;
    }
  }
  std::printf("ok %zu records, %d threads, %d rounds\n", records.size(), threads, rounds);
  return 0;
}
