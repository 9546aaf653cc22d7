// An offline capture file (pcap or pcapng). Reading happens on libuv's thread pool, one batch per
// read() call, so neither a large file nor a slow disk blocks the event loop, and memory stays
// bounded: lib/session.js asks for the next batch only when it wants more (backpressure). At most
// one read is in flight, or two while the fast path reads; close() during a read is deferred until
// the reads are done. Classic pcap files and pcapng files are read by ChunkedFileReader
// (chunked_file_reader.h) as far as it can, everything else by libpcap, and
// pcapng files with unlike interfaces, once libpcap gives up on them, by PcapngReader. A pipe
// (`-r -`) is read by libpcap through StreamInput (stream_input.h), batch by batch as it comes.
#pragma once

#include <napi.h>
#include <pcap/pcap.h>

#include <memory>

#include "chunked_file_reader.h"
#include "filter.h"
#include "pcapng_file_reader.h"
#include "stream_input.h"

namespace pcapnode {

class OfflineReader : public Napi::ObjectWrap<OfflineReader> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit OfflineReader(const Napi::CallbackInfo& info);
  ~OfflineReader() override;

  // Used by the read worker.
  pcap_t* handle() const { return handle_; }
  bool nano() const { return nano_; }
  ChunkedFileReader& fast() { return fast_; }
  PcapngReader& pcapng() { return pcapng_; }
  PerLinkTypeFilter& filter() { return filter_; }
  int dlt() const { return dlt_; }
  StreamInput* stream() const { return stream_.get(); }  // null when reading a file
  // Whether a stream's filter takes the packet (always, without one; a file's is libpcap's).
  bool StreamFilterAccepts(const struct pcap_pkthdr* hdr, const u_char* data) const;
  // Continues with PcapngReader where libpcap stopped (false if the file cannot be reopened).
  bool SwitchToPcapng();
  // Continues with PcapngReader from the block at `offset` (where the fast path stopped).
  bool SwitchToPcapngAt(uint64_t offset);
  // Moves libpcap's read position to `offset` (where the fast path stopped).
  bool ResumeLibpcapAt(uint64_t offset);
  // Hands the rest of the file, from where the fast path stopped, to libpcap, or to PcapngReader
  // when the fast path took interfaces libpcap never saw. nullptr, or what failed.
  const char* ContinueAfterFastPath();
  // A read is done; `fastEnded`: it ended the fast path (libpcap, PcapngReader or nothing reads on).
  void ReadFinished(bool fastEnded);

 private:
  Napi::Value Open(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value CanReadAhead(const Napi::CallbackInfo& info);
  bool CanQueueAnother() const;
  Napi::Value SetFilter(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void CloseNow();
  // Compiles `expr` for the stream read through `h` and makes it the one the read worker runs.
  FilterResult SetStreamFilter(pcap_t* h, const std::string& expr);
  static void OnCleanup(void* self);

  pcap_t* handle_ = nullptr;
  ChunkedFileReader fast_;    // used while it can; libpcap reads the rest
  PcapngReader pcapng_;       // takes over pcapng files whose interfaces libpcap refuses
  PerLinkTypeFilter filter_;  // the session's filter, for PcapngReader
  int dlt_ = -1;              // the first interface's, as libpcap reports it
  bool nano_ = false;
  // a pipe, socket or FIFO: read as it comes, through the FILE's reads (null for a file)
  std::unique_ptr<StreamInput> stream_;
  struct bpf_program streamFilter_ {};  // a stream's filter, when hasStreamFilter_
  bool hasStreamFilter_ = false;
  bool readsStdin_ = false;  // holds the process-wide claim on standard input (offline_reader.cc)
  // stdio buffer of the FILE libpcap reads (glibc ignores setvbuf's size unless given a buffer);
  // freed after pcap_close, which closes the FILE
  char* fileBuffer_ = nullptr;
  static constexpr int kMaxReadsInFlight = 2;  // chunks of a file copied at once
  int readsInFlight_ = 0;
  bool closeRequested_ = false;
  bool cleanupHookAdded_ = false;
  napi_env env_;
};

}  // namespace pcapnode
