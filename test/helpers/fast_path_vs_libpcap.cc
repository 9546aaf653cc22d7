// The fast file path against libpcap itself, on generated pcapng and classic pcap files: every file is read once by
// libpcap alone (pcap_next_ex into Batch::Append, as src/offline_reader.cc does) and once as the
// addon reads it (ChunkedFileReader chunk after chunk, then libpcap from where it hands over), at
// microsecond and nanosecond precision; the packets (index entries, bytes, link type) and the final
// error must be the same. Where libpcap gives up at an interface unlike the first, both reads go on
// with PcapngReader, as the addon does; and where the fast path has taken interfaces libpcap never
// saw, it hands over to PcapngReader instead of libpcap. The pcapng files mix plain packets on one
// to four interfaces of one link type with blocks without packets and, now and then, blocks the
// fast path must leave to another reader (new sections, interfaces unlike the first, simple and
// obsolete packets, packets of interfaces not described or over the snap length, bad lengths and
// trailers, a block over 256 KiB); some are cut short or have bits flipped. Run by
// test/capture/chunk_chain.test.js.
//   fast_path_vs_libpcap SCRATCH_FILE FILES PACKETS_PER_FILE [FIRST_ODD_PACKET]
#include <fcntl.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "chunked_file_reader.h"
#include "libpcap_block_interface.h"
#include "pcapng_file_reader.h"

using namespace pcapnode;

struct Pkt {
  std::vector<uint32_t> e;  // caplen len seclo sechi usec nsec interface
  std::vector<uint8_t> bytes;
  int dlt;
  bool operator==(const Pkt& o) const { return e == o.e && bytes == o.bytes && dlt == o.dlt; }
};
struct Result {
  std::vector<Pkt> pkts;
  std::string error;
  bool opened = false;
  bool fast = false;
  bool pcapngReader = false;  // the fast path handed over to PcapngReader
};

void Collect(Batch& b, int dlt, std::vector<Pkt>* out) {
  auto& idx = b.index();
  for (size_t i = 0; i + kIndexWords <= idx.size(); i += kIndexWords) {
    Pkt p;
    p.e.assign(idx.begin() + i + 1, idx.begin() + i + kIndexWords);
    p.bytes.assign(b.data() + idx[i], b.data() + idx[i] + idx[i + 1]);
    p.dlt = dlt;
    out->push_back(p);
  }
}

// PcapngReader from the block at `offset` to the end, as OfflineReader goes on with it.
void PcapngReaderLoop(pcap_t* h, uint64_t offset, bool nano, Result* r) {
  PcapngReader reader;
  PerLinkTypeFilter noFilter;
  if (!reader.Open(fcntl(fileno(pcap_file(h)), F_DUPFD_CLOEXEC, 0), offset, nano)) {
    r->error = "cannot open the file again";
    return;
  }
  for (;;) {
    Batch b;
    int dlt = pcap_datalink(h);
    std::string err;
    const PcapngReader::Status st = reader.Fill(b, 1u << 20, size_t{1} << 30, noFilter, &dlt, &err);
    Collect(b, dlt, &r->pkts);
    if (st == PcapngReader::Status::kMore) continue;
    if (st == PcapngReader::Status::kError) r->error = err;
    return;
  }
}

void LibpcapLoop(pcap_t* h, bool nano, Result* r) {
  Batch b;
  struct pcap_pkthdr* hdr;
  const u_char* data;
  std::string error;
  for (;;) {
    int rc = pcap_next_ex(h, &hdr, &data);
    if (rc == 1) {
      const bool pcapng = pcap_major_version(h) == 1;
      b.Append(hdr, data, nano, !pcapng,
               pcapng ? InterfaceOfBlockJustRead(pcap_file(h), FileBigEndian(pcap_is_swapped(h) == 1)) : 0);
      continue;
    }
    if (rc == PCAP_ERROR_BREAK) break;
    error = pcap_geterr(h);
    break;
  }
  Collect(b, pcap_datalink(h), &r->pkts);
  if (PcapngReader::CanContinueAfter(error)) {  // an interface unlike the first: read on past it
    PcapngReaderLoop(h, static_cast<uint64_t>(ftello(pcap_file(h))), nano, r);
    return;
  }
  r->error = error;
}

Result Run(const char* path, bool nano, bool useFast) {
  Result r;
  char errbuf[PCAP_ERRBUF_SIZE];
  FILE* f = fopen(path, "rb");
  if (f == nullptr) {
    r.error = "cannot open the scratch file";
    return r;
  }
  pcap_t* h = pcap_fopen_offline_with_tstamp_precision(
      f, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, errbuf);
  if (!h) {
    fclose(f);
    r.error = std::string("open:") + errbuf;
    return r;
  }
  r.opened = true;
  if (useFast) {
    ChunkedFileReader fast;
    if (fast.Open(fcntl(fileno(pcap_file(h)), F_DUPFD_CLOEXEC, 0), pcap_snapshot(h), pcap_datalink(h), nano)) {
      r.fast = true;
      for (uint64_t k = 0;; k++) {
        Batch b;
        std::string err;
        auto st = fast.FillChunk(b, k, &err);
        Collect(b, pcap_datalink(h), &r.pkts);
        if (st == ChunkedFileReader::Status::kMore) continue;
        if (st == ChunkedFileReader::Status::kEof) {
          pcap_close(h);
          return r;
        }
        if (st == ChunkedFileReader::Status::kError) {
          r.error = err;
          pcap_close(h);
          return r;
        }
        if (st == ChunkedFileReader::Status::kFallback && fast.resumeWithPcapngReader()) {
          r.pcapngReader = true;
          PcapngReaderLoop(h, fast.resumeOffset(), nano, &r);
          pcap_close(h);
          return r;
        }
        if (st == ChunkedFileReader::Status::kFallback) {
          fseeko(pcap_file(h), fast.resumeOffset(), SEEK_SET);
          break;
        }
        std::abort();
      }
    }
  }
  LibpcapLoop(h, nano, &r);
  pcap_close(h);
  return r;
}

// ---- generator ----

// Writes fields in the section's byte order.
struct W {
  bool be;
  std::vector<uint8_t> v;
  void u8(uint8_t x) { v.push_back(x); }
  void u16(uint16_t x) {
    if (be) {
      u8(x >> 8);
      u8(x);
    } else {
      u8(x);
      u8(x >> 8);
    }
  }
  void u32(uint32_t x) {
    if (be) {
      u16(x >> 16);
      u16(x);
    } else {
      u16(x);
      u16(x >> 16);
    }
  }
  void u16s(std::initializer_list<uint16_t> xs) {
    for (uint16_t x : xs) u16(x);
  }
  void u32s(std::initializer_list<uint32_t> xs) {
    for (uint32_t x : xs) u32(x);
  }
  void fill(size_t n, uint8_t x) { v.insert(v.end(), n, x); }
};

std::mt19937_64 rng;
uint32_t R(uint32_t n) { return n ? rng() % n : 0; }

// A block: type, total length (+ lenDelta), body, trailing length (+ trlDelta).
std::vector<uint8_t> Block(bool be, uint32_t type, const std::vector<uint8_t>& body, int lenDelta = 0,
                           int trlDelta = 0) {
  W w{be, {}};
  const uint32_t total = 12 + body.size();
  w.u32s({type, total + lenDelta});
  w.v.insert(w.v.end(), body.begin(), body.end());
  w.u32(total + trlDelta);
  return w.v;
}

size_t gOddStart = 0;  // no odd block before this packet

std::vector<uint8_t> Gen(bool be, uint64_t seed, size_t npk) {
  rng.seed(seed);
  std::vector<uint8_t> file;
  auto add = [&](const std::vector<uint8_t>& b) { file.insert(file.end(), b.begin(), b.end()); };
  auto body = [&](auto write) {
    W w{be, {}};
    write(w);
    return w.v;
  };
  // section header (sometimes minor version 2, sometimes a comment option), maybe a custom block
  add(Block(be, 0x0a0d0d0a, body([&](W& w) {
              w.u32(0x1a2b3c4d);
              w.u16s({1, static_cast<uint16_t>(R(4) == 0 ? 2 : 0)});
              w.u32s({0xffffffff, 0xffffffff});
              if (R(3) == 0) w.u16s({1, 3, 'a' | 'b' << 8, 'c'});
            })));
  if (R(3) == 0) add(Block(be, 0xBAD, std::vector<uint8_t>(4 * R(10), 7)));
  const uint32_t link = R(5) == 0 ? 101 : 1;
  const uint32_t snap = R(3) == 0 ? 0 : (R(2) ? 65535 : 200 + R(2000));
  // an interface, with any if_tsresol, any if_tsoffset, an end-of-options or none
  auto idb = [&](uint32_t lt, uint32_t sn) {
    return Block(be, 1, body([&](W& w) {
                   w.u16s({static_cast<uint16_t>(lt), 0});
                   w.u32(sn);
                   const uint32_t o = R(4);
                   if (o & 1) {
                     w.u16s({9, 1});
                     w.u8(R(2) == 0 ? 0x80 | R(64) : R(20));
                     w.fill(3, 0);
                   }
                   if (o & 2) {
                     const int64_t off =
                         R(3) == 0 ? static_cast<int64_t>(rng())
                                   : static_cast<int64_t>(R(2000000)) - 1000000 - (R(4) == 0 ? INT64_C(3000000000) : 0);
                     const auto hi = static_cast<uint32_t>(static_cast<uint64_t>(off) >> 32);
                     const auto lo = static_cast<uint32_t>(off);
                     w.u16s({14, 8});
                     w.u32s({be ? hi : lo, be ? lo : hi});
                   }
                   if (R(2)) w.u16s({0, 0});
                 }));
  };
  add(idb(link, snap));
  // half the files describe one to three more interfaces like the first (as dumpcap does when it
  // captures on several): of the same link type field, or, after a first of LINKTYPE_RAW (101),
  // sometimes of DLT_RAW (12), which libpcap takes after 101 where it refuses another 101
  uint32_t interfaces = 1;
  if (R(2)) {
    for (uint32_t k = 1 + R(3); k > 0; k--, interfaces++) add(idb(link == 101 && R(2) ? 12 : link, snap));
  }
  const uint32_t effSnap = snap == 0 || snap > 262144 ? 262144 : snap;
  // an Enhanced Packet Block's fixed part
  auto epbHead = [](W& w, uint32_t ifIndex, uint64_t ts, uint32_t caplen, uint32_t len) {
    w.u32s({ifIndex, static_cast<uint32_t>(ts >> 32), static_cast<uint32_t>(ts), caplen, len});
  };
  int odd = 0;
  for (size_t i = 0; i < npk; i++) {
    const uint32_t c = R(1000);
    if (c < 960 || odd > 2 || i < gOddStart) {  // a packet of a described interface, maybe with an option
      add(Block(be, 6, body([&](W& w) {
                  const uint32_t caplen = R(std::min<uint32_t>(effSnap, R(50) == 0 ? 70000 : 1600) + 1);
                  uint64_t ts = rng();
                  if (R(2)) ts >>= R(64);
                  epbHead(w, R(interfaces), ts, caplen, caplen + R(3));
                  for (uint32_t k = 0; k < caplen; k++) w.u8(rng());
                  while (w.v.size() % 4) w.u8(0);
                  if (R(5) == 0) w.u16s({1, 2, 'x' | 'y' << 8, 0, 0, 0});
                })));
    } else if (c < 975) {  // interface statistics
      add(Block(be, 5, std::vector<uint8_t>(20, 1)));
    } else if (c < 985) {  // other blocks without packets
      const uint32_t types[] = {4, 0xA, 0x80000001, 0, 0x40000BAD, 7, 8, 9};
      add(Block(be, types[R(8)], std::vector<uint8_t>(4 * R(8), 2)));
    } else {  // a block the fast path leaves to libpcap
      odd++;
      switch (R(12)) {
        case 0:  // another interface like the first, whose packets follow
          add(idb(link, snap));
          interfaces++;
          break;
        case 1:  // another interface, maybe of another link type
          add(idb(R(2) ? 1 : 101, snap));
          break;
        case 2:  // a simple packet
          add(Block(be, 3, body([](W& w) {
                      w.u32(60);
                      for (int k = 0; k < 60; k++) w.u8(k);
                    })));
          break;
        case 3:  // an obsolete packet block
          add(Block(be, 2, body([](W& w) { w.u32s({0, 0, 5, 4, 4, 0x01020304}); })));
          break;
        case 4:  // a packet of an interface not described
          add(Block(be, 6, body([&](W& w) {
                      epbHead(w, interfaces, 5, 4, 4);
                      w.u32(0x01020304);
                    })));
          break;
        case 5:  // a packet over the snap length
          add(Block(be, 6, body([&](W& w) {
                      epbHead(w, 0, 5, effSnap + 1, 4);
                      w.fill((effSnap + 4) & ~3u, 1);
                    })));
          break;
        case 6:  // a capture length past the block's end
          add(Block(be, 6, body([&](W& w) {
                      epbHead(w, 0, 5, 40, 40);
                      w.fill(8, 1);
                    })));
          break;
        case 7:  // a trailer that disagrees
          add(Block(be, 0xBAD, std::vector<uint8_t>(8, 1), 0, 4));
          break;
        case 8:  // a length that is not a multiple of 4
          add(Block(be, 0xBAD, std::vector<uint8_t>(8, 1), 2, 2));
          break;
        case 9:  // a new section, maybe with its interface
          add(Block(be, 0x0a0d0d0a, body([](W& w) {
                      w.u32(0x1a2b3c4d);
                      w.u16s({1, 0});
                      w.u32s({0xffffffff, 0xffffffff});
                    })));
          if (R(2)) add(idb(link, snap));
          interfaces = 1;  // without that interface, the packets that follow are in error
          break;
        case 10:  // a packet block too short for its fixed part
          add(Block(be, 6, body([](W& w) { w.u32s({0, 0, 5, 4}); })));
          break;
        case 11:  // a block over 256 KiB
          add(Block(be, 0xBAD, std::vector<uint8_t>(300000, 1)));
          break;
      }
    }
  }
  // cut short, or a few bits flipped
  if (R(4) == 0) file.resize(file.size() - 1 - R(std::min<size_t>(file.size() - 100, 64)));
  if (R(4) == 0) {
    for (int k = R(4); k >= 0; k--) file[100 + R(file.size() - 100)] ^= 1u << R(8);
  }
  return file;
}

// A classic pcap file: µs or ns magic, either byte order, link type 1, 101 or 113, any snap
// length; records of any time stamp (fractions out of range too), most of them plain, now and then
// one the fast path leaves to libpcap (a capture length over the snap length or over 262144);
// some files cut short, some with bits flipped.
std::vector<uint8_t> GenClassic(bool be, uint64_t seed, size_t npk) {
  rng.seed(seed);
  W w{be, {}};
  const bool nanoFile = R(2) == 0;
  const uint32_t snap = R(3) == 0 ? 262144 : (R(2) ? 65535 : 100 + R(2000));
  const uint32_t links[] = {1, 101, 113};
  w.u32(nanoFile ? 0xa1b23c4d : 0xa1b2c3d4);
  w.u16s({2, 4});
  w.u32s({0, 0, snap, links[R(3)]});
  for (size_t i = 0; i < npk; i++) {
    uint32_t caplen = R(std::min<uint32_t>(snap, R(50) == 0 ? 70000 : 1600) + 1);
    const uint32_t odd = i < gOddStart ? 99 : R(400);
    if (odd == 0) caplen = snap + 1 + R(100);  // over the snap length
    if (odd == 1) caplen = 262145;             // over libpcap's maximum
    const uint32_t frac = R(20) == 0 ? static_cast<uint32_t>(rng()) : R(nanoFile ? 1000000000 : 1000000);
    w.u32s({static_cast<uint32_t>(rng()), frac, caplen, caplen + R(3)});
    w.fill(std::min<uint32_t>(caplen, 300000), static_cast<uint8_t>(i));
  }
  std::vector<uint8_t>& file = w.v;
  if (R(4) == 0) file.resize(file.size() - 1 - R(std::min<size_t>(file.size() - 100, 64)));
  if (R(4) == 0) {
    for (int k = R(4); k >= 0; k--) file[100 + R(file.size() - 100)] ^= 1u << R(8);
  }
  return file;
}

bool Same(const Result& a, const Result& b) { return a.pkts == b.pkts && a.error == b.error; }

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  const char* path = argv[1];
  const int files = std::atoi(argv[2]);
  const size_t packets = static_cast<size_t>(std::atoi(argv[3]));
  gOddStart = argc > 4 ? static_cast<size_t>(std::atoi(argv[4])) : 0;
  int fastUsed = 0;
  int toPcapngReader = 0;
  int bad = 0;
  for (int seed = 0; seed < files; seed++) {
    const bool pcapng = (seed & 2) == 0;  // half pcapng, half classic
    const std::vector<uint8_t> bytes = (pcapng ? Gen : GenClassic)(seed & 1, static_cast<uint64_t>(seed), packets);
    FILE* f = std::fopen(path, "wb");
    if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) return 2;
    for (bool nano : {false, true}) {
      const Result alone = Run(path, nano, false);
      const Result fast = Run(path, nano, true);
      fastUsed += fast.fast;
      toPcapngReader += fast.pcapngReader;
      if (Same(alone, fast)) continue;
      bad++;
      size_t i = 0;
      while (i < alone.pkts.size() && i < fast.pkts.size() && alone.pkts[i] == fast.pkts[i]) i++;
      std::printf(
          "seed %d nano %d: libpcap %zu packets, error '%s'; fast path %zu packets, error '%s'; first difference at "
          "%zu\n",
          seed, nano, alone.pkts.size(), alone.error.c_str(), fast.pkts.size(), fast.error.c_str(), i);
      if (i < alone.pkts.size() && i < fast.pkts.size()) {
        const auto show = [](const char* who, const Pkt& p) {
          std::printf("  %s: caplen %u len %u sec %u:%u usec %u nsec %u, %zu bytes\n", who, p.e[0], p.e[1], p.e[3],
                      p.e[2], p.e[4], p.e[5], p.bytes.size());
        };
        show("libpcap", alone.pkts[i]);
        show("fast path", fast.pkts[i]);
      }
      if (bad > 10) return 1;
    }
  }
  std::printf("%d files, fast path used %d times, handed to PcapngReader %d times, %d differences\n", files, fastUsed,
              toPcapngReader, bad);
  return bad != 0 ? 1 : 0;
}
