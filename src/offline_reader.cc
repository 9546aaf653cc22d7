#include "offline_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "batch.h"
#include "filter.h"
#include "libpcap_block_interface.h"
#include "util.h"

namespace pcapnode {

namespace {

constexpr size_t kFileBufferSize = 1 << 20;

// Whether an open reader reads standard input (see OfflineReader::Open).
std::atomic<bool> stdinTaken{false};

// Fills one batch on a thread-pool thread. Two may run at once only while the fast path reads a
// file, each its own chunk (see chunked_file_reader.h); otherwise only this worker touches
// the pcap_t while busy.
class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Function callback, OfflineReader* reader, uint32_t maxPackets, uint32_t maxBytes)
      : Napi::AsyncWorker(callback, "pcap:OfflineRead"),
        reader_(reader),
        readerRef_(Napi::Persistent(reader->Value())),
        maxPackets_(maxPackets),
        maxBytes_(maxBytes) {}

  // The fast path's chunk to read (without one, the worker reads through libpcap or the pcapng
  // reader).
  void set_chunk(int64_t chunk) { chunk_ = chunk; }

  // A failed allocation inside the read (a batch's index, the pcapng reader's block buffer)
  // ends the read with an error after the packets read so far, like any other read error.
  void Execute() override {
    try {
      ExecuteRead();
    } catch (const std::bad_alloc&) {
      error_ = "out of memory while reading the capture file";
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    if (!error_.empty()) fastEnded_ = true;  // (after an exception in a chunk read, Turn ended the fast path)
  }

  void ExecuteRead() {
    if (chunk_ < 0) {
      if (reader_->pcapng().active()) {
        ReadWithPcapngReader();
      } else {
        ReadWithLibpcap();
      }
      return;
    }
    ChunkedFileReader& fast = reader_->fast();
    const ChunkedFileReader::Status status = fast.FillChunk(batch_, static_cast<uint64_t>(chunk_), &error_);
    // anything but kMore ends the fast path (kSkipped: the chunk that ended it says how)
    fastEnded_ = status != ChunkedFileReader::Status::kMore;
    eof_ = status == ChunkedFileReader::Status::kEof;
    if (status != ChunkedFileReader::Status::kFallback) return;
    // later chunks in flight are skipped and never touch libpcap or PcapngReader: one of them reads
    // on from the record the fast path left, into this batch
    const char* failed = reader_->ContinueAfterFastPath();
    if (failed != nullptr) {
      error_ = failed;
      return;
    }
    if (reader_->pcapng().active()) {
      batchDlt_ = reader_->dlt();  // of the packets the fast path put in this batch
      ReadWithPcapngReader();
    } else {
      ReadWithLibpcap();
    }
  }

  void ReadWithLibpcap() {
    pcap_t* h = reader_->handle();
    const bool nano = reader_->nano();
    const bool seconds32 = pcap_major_version(h) != 1;  // 1: pcapng, whose seconds are 64-bit
    struct pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    StreamInput* stream = reader_->stream();
    const uint64_t takenBefore = stream != nullptr ? stream->bytesTaken() : 0;
    const bool swapped = pcap_is_swapped(h) == 1;
    // pcapng: which interface each packet came on, read from its block (libpcap 1.10 refuses a
    // later section in the other byte order, so the first section's holds)
    const bool pcapng = !seconds32;
    const bool fileBigEndian = FileBigEndian(swapped);
    FILE* file = pcap_file(h);
    while (batch_.count() < maxPackets_ && batch_.size() < maxBytes_) {
      // From a pipe, only what has come: the batch goes to JavaScript as soon as the next packet
      // is not whole (empty when none has come; the session asks again shortly).
      if (stream != nullptr && !stream->NextPacketReady(pcapng, swapped)) break;
      const int rc = pcap_next_ex(h, &hdr, &data);
      if (rc == 1) {
        progressed_ = true;
        if (!reader_->StreamFilterAccepts(hdr, data)) continue;
        uint32_t interfaceId = 0;
        if (pcapng) {
          // a stream's look-ahead read it in the block's head, unless it stopped short of it;
          // else the block is found behind libpcap's FILE position (read again only from a file)
          const bool fromLookAhead = stream != nullptr && stream->NextPacketInterface(&interfaceId);
          if (!fromLookAhead && file != nullptr) {
            interfaceId = InterfaceOfBlockJustRead(file, fileBigEndian, /*canReread=*/stream == nullptr);
          }
        }
        if (!batch_.Append(hdr, data, nano, seconds32, interfaceId)) {
          error_ = "out of memory while reading the capture file";
          break;
        }
      } else if (rc == PCAP_ERROR_BREAK) {
        eof_ = true;
        break;
      } else if (rc == 0) {
        break;  // not expected for files; treat as "try again"
      } else {
        error_ = pcap_geterr(h);
        if (error_.empty()) error_ = pcap_statustostr(rc);
        // libpcap stops at a pcapng interface unlike the first one; read on without it
        if (PcapngReader::CanContinueAfter(error_)) {
          if (stream != nullptr) {
            // PcapngReader reads by offset, which a pipe has not
            error_ +=
                " (from a pipe, only the packets up to there can be read: save the capture to a file and read that)";
          } else if (reader_->SwitchToPcapng()) {
            error_.clear();
            batchDlt_ = reader_->dlt();  // of the packets libpcap put in this batch
            ReadWithPcapngReader();
          }
        }
        break;
      }
    }
    if (stream != nullptr && stream->bytesTaken() != takenBefore) progressed_ = true;
  }

  void ReadWithPcapngReader() {
    switch (reader_->pcapng().Fill(batch_, maxPackets_, maxBytes_, reader_->filter(), &batchDlt_, &error_)) {
      case PcapngReader::Status::kEof:
        eof_ = true;
        break;
      case PcapngReader::Status::kMore:
      case PcapngReader::Status::kError:
        break;
    }
  }

  // Plain N-API calls, statuses checked: this also runs while a worker thread is being torn
  // down, when no JS can run and node-addon-api's error paths would abort the process. A
  // listener's exception stays pending, and Node reports it as uncaught.
  void OnOK() override {
    napi_env env = Env();
    reader_->ReadFinished(fastEnded_);
    const uint32_t count = batch_.count();
    napi_value argv[8];
    napi_value fn = nullptr;
    const bool ok =
        napi_get_null(env, &argv[0]) == napi_ok && BatchToJs(env, batch_, &argv[1], &argv[2]) &&
        napi_create_uint32(env, count, &argv[3]) == napi_ok && napi_get_boolean(env, eof_, &argv[4]) == napi_ok &&
        (error_.empty() ? napi_get_undefined(env, &argv[5])
                        : napi_create_string_utf8(env, error_.c_str(), error_.size(), &argv[5])) == napi_ok &&
        napi_create_int32(env, batchDlt_ >= 0 ? batchDlt_ : reader_->dlt(), &argv[6]) == napi_ok &&
        napi_get_boolean(env, progressed_ || count > 0, &argv[7]) == napi_ok &&
        napi_get_reference_value(env, Callback(), &fn) == napi_ok && fn != nullptr;
    if (!ok) return;
    napi_value recv;
    napi_value result;
    if (napi_get_undefined(env, &recv) == napi_ok) napi_call_function(env, recv, fn, 8, argv, &result);
  }

 private:
  OfflineReader* reader_;
  Napi::ObjectReference readerRef_;  // the reader must outlive the read
  uint32_t maxPackets_;
  uint32_t maxBytes_;
  int64_t chunk_ = -1;
  bool fastEnded_ = false;  // no more reads through the fast path (set only by chunk reads)
  Batch batch_;
  bool eof_ = false;
  int batchDlt_ = -1;        // link type of the packets in batch_ (-1: the session's)
  bool progressed_ = false;  // read a record (maybe one the filter dropped) or took in bytes
  std::string error_;
};

}  // namespace

Napi::Function OfflineReader::Init(Napi::Env env) {
  return DefineClass(env, "OfflineReader",
                     {
                         InstanceMethod<&OfflineReader::Open>("open"),
                         InstanceMethod<&OfflineReader::Read>("read"),
                         InstanceMethod<&OfflineReader::CanReadAhead>("canReadAhead"),
                         InstanceMethod<&OfflineReader::SetFilter>("setFilter"),
                         InstanceMethod<&OfflineReader::Close>("close"),
                     });
}

OfflineReader::OfflineReader(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<OfflineReader>(info), env_(info.Env()) {}

OfflineReader::~OfflineReader() {
  if (readsInFlight_ == 0) CloseNow();
}

// open(path, filter, nano) -> {linkType, nano, snaplen, majorVersion, minorVersion, swapped}
Napi::Value OfflineReader::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ != nullptr || closeRequested_) ThrowPcapError(env, "open", 0, "reader already opened");
  // a path, or a descriptor of this process to read from (0: standard input, for `-r -`)
  const bool fromFd = info[0].IsNumber();
  const std::string path = fromFd ? std::string() : info[0].As<Napi::String>().Utf8Value();
  const std::string filter = info[1].As<Napi::String>();
  const bool wantNano = info[2].As<Napi::Boolean>();
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  // One session at a time on standard input, in the whole process (worker threads included): two
  // would each get part of the stream. The flag is released when this reader closes.
  const bool wantsStdin = fromFd && info[0].As<Napi::Number>().Int32Value() == STDIN_FILENO;
  if (wantsStdin && stdinTaken.exchange(true)) {
    ThrowPcapError(env, "pcap_open_offline", PCAP_ERROR,
                   "standard input is being read by another session already; close that one first");
  }
  struct ReleaseUnlessOpened {
    bool held;
    ~ReleaseUnlessOpened() {
      if (held) stdinTaken.store(false);
    }
  } stdinClaim{wantsStdin};
  // "e"/CLOEXEC: a child process does not inherit the file
  const int fd = fromFd ? fcntl(info[0].As<Napi::Number>().Int32Value(), F_DUPFD_CLOEXEC, 0)
                        : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowPcapError(env, "pcap_open_offline", PCAP_ERROR, std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    const int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
    close(fd);
    ThrowPcapError(env, "pcap_open_offline", PCAP_ERROR, std::strerror(err));
  }
  // A pipe, socket or FIFO is read as a stream (stream_input.h); a file (or block device) as a
  // file, unless it is standard input already read into (the file readers count from its start).
  const bool isStream = (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) || (fromFd && lseek(fd, 0, SEEK_CUR) > 0);
  FILE* file = nullptr;
  if (isStream) {
    stream_ = std::make_unique<StreamInput>();
    file = stream_->Open(fd);  // closes fd on failure
  } else {
    file = fdopen(fd, "rb");
    if (file == nullptr) close(fd);
  }
  if (file == nullptr) {
    const int err = errno;
    stream_.reset();
    ThrowPcapError(env, "pcap_open_offline", PCAP_ERROR, std::strerror(err));
  }
  // Give the FILE a large stdio buffer: libpcap reads record by record, and with the default
  // 4 KiB buffer that is one read(2) per 4 KiB of capture. glibc takes the size only together
  // with a buffer, so the buffer is ours (freed after pcap_close).
  // With a null buffer glibc would keep its default size; without memory, stdio's default will do.
  char* buffer = static_cast<char*>(std::malloc(kFileBufferSize));
  if (buffer != nullptr && std::setvbuf(file, buffer, _IOFBF, kFileBufferSize) != 0) {
    std::free(buffer);
    buffer = nullptr;
  }
  pcap_t* h = pcap_fopen_offline_with_tstamp_precision(
      file, wantNano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, errbuf);
  if (h == nullptr) {
    std::fclose(file);  // on failure libpcap leaves the FILE to its caller
    std::free(buffer);
    stream_.reset();
    ThrowPcapError(env, "pcap_open_offline", PCAP_ERROR, errbuf);
  }
  fileBuffer_ = buffer;
  if (!filter.empty()) {
    // A stream's filter is run by the read worker (libpcap's would read on past the packets it
    // drops, waiting for the writer inside a read), a file's by libpcap.
    const FilterResult applied = isStream ? SetStreamFilter(h, filter) : ApplyFilter(h, filter, PCAP_NETMASK_UNKNOWN);
    if (!applied.ok()) {
      pcap_close(h);
      std::free(fileBuffer_);
      fileBuffer_ = nullptr;
      stream_.reset();
      ThrowPcapError(env, applied.stage, PCAP_ERROR, applied.error);
    }
  }
  handle_ = h;
  dlt_ = pcap_datalink(h);
  filter_.Set(filter);
  nano_ = pcap_get_tstamp_precision(h) == PCAP_TSTAMP_PRECISION_NANO;
  // The fast path has no BPF of its own: with a filter, libpcap reads (and filters) everything.
  // It reads a file at offsets (pread), which a stream does not have.
  if (filter.empty() && !isStream) {
    fast_.Open(fcntl(fileno(pcap_file(h)), F_DUPFD_CLOEXEC, 0), static_cast<uint32_t>(pcap_snapshot(h)),
               pcap_datalink(h), nano_);
  }
  napi_add_env_cleanup_hook(env, &OfflineReader::OnCleanup, this);
  cleanupHookAdded_ = true;
  Napi::Object result = Napi::Object::New(env);
  result.Set("linkType", Napi::Number::New(env, pcap_datalink(h)));
  result.Set("nano", Napi::Boolean::New(env, nano_));
  result.Set("snaplen", Napi::Number::New(env, pcap_snapshot(h)));
  result.Set("majorVersion", Napi::Number::New(env, pcap_major_version(h)));
  result.Set("minorVersion", Napi::Number::New(env, pcap_minor_version(h)));
  result.Set("swapped", Napi::Boolean::New(env, pcap_is_swapped(h) == 1));
  result.Set("fastPath", Napi::Boolean::New(env, fast_.active()));
  result.Set("stream", Napi::Boolean::New(env, stream_ != nullptr));
  readsStdin_ = wantsStdin;
  stdinClaim.held = false;  // this reader holds it until it closes
  return result;
}

// read(maxPackets, maxBytes, cb): cb(null, data, index, count, eof, error, linkType, progressed)
// (progressed: the read took something from a stream, perhaps only packets the filter dropped or
// part of a record; for a file, whether it brought packets) once the
// batch is full, the file ends or an error stops reading. All packets of a batch have the link type
// `linkType` (a DLT_ value). The fast path ignores the limits: its batch is one chunk, 2 MiB of the
// file plus the end of the record the chunk before ended inside. A second read may be queued before
// the first is done only while canReadAhead() says so; the two can finish in either order, and
// their batches follow each other in the order read() was called. A batch read ahead after the end
// of the file (or after an error) comes back empty.
Napi::Value OfflineReader::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr || closeRequested_) ThrowPcapError(env, "read", 0, "session is closed");
  if (readsInFlight_ > 0 && !CanQueueAnother()) ThrowPcapError(env, "read", 0, "a read is already in progress");
  auto* worker = new ReadWorker(info[2].As<Napi::Function>(), this, info[0].As<Napi::Number>().Uint32Value(),
                                info[1].As<Napi::Number>().Uint32Value());
  // The chunk is taken only now that nothing but Queue() can fail: a chunk taken and never read
  // would leave the next one waiting for its turn.
  if (fast_.active()) worker->set_chunk(static_cast<int64_t>(fast_.TakeChunk()));
  readsInFlight_++;
  try {
    worker->Queue();
  } catch (...) {  // e.g. the environment is being torn down: nothing was queued
    readsInFlight_--;
    delete worker;
    // The chunk taken is never read, and a later chunk would wait for it for ever: no more reads.
    closeRequested_ = true;
    if (readsInFlight_ == 0) CloseNow();
    throw;
  }
  return env.Undefined();
}

// canReadAhead() -> whether read() may be called again before the reads in flight are done.
Napi::Value OfflineReader::CanReadAhead(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), handle_ != nullptr && !closeRequested_ && CanQueueAnother());
}

bool OfflineReader::CanQueueAnother() const { return fast_.active() && readsInFlight_ < kMaxReadsInFlight; }

Napi::Value OfflineReader::SetFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr || closeRequested_) ThrowPcapError(env, "setFilter", 0, "session is closed");
  if (readsInFlight_ > 0) ThrowPcapError(env, "setFilter", 0, "a read is in progress");
  const std::string expr = info[0].As<Napi::String>();
  const FilterResult applied =
      stream_ ? SetStreamFilter(handle_, expr) : ApplyFilter(handle_, expr, PCAP_NETMASK_UNKNOWN);
  if (!applied.ok()) ThrowPcapError(env, applied.stage, PCAP_ERROR, applied.error);
  filter_.Set(expr);
  if (fast_.active() && !expr.empty()) {  // only libpcap and PcapngReader filter: they read on from here
    fast_.Deactivate();
    const char* failed = ContinueAfterFastPath();
    if (failed != nullptr) ThrowPcapError(env, "setFilter", PCAP_ERROR, failed);
  }
  return env.Undefined();
}

FilterResult OfflineReader::SetStreamFilter(pcap_t* h, const std::string& expr) {
  FilterResult result;
  struct bpf_program prog {};
  if (!expr.empty() && CompileFilter(h, &prog, expr, PCAP_NETMASK_UNKNOWN) == PCAP_ERROR) {
    result.error = pcap_geterr(h);
    return result;
  }
  if (hasStreamFilter_) pcap_freecode(&streamFilter_);
  streamFilter_ = prog;
  hasStreamFilter_ = !expr.empty();
  return result;
}

bool OfflineReader::StreamFilterAccepts(const struct pcap_pkthdr* hdr, const u_char* data) const {
  return !hasStreamFilter_ || pcap_offline_filter(&streamFilter_, hdr, data) != 0;
}

const char* OfflineReader::ContinueAfterFastPath() {
  const uint64_t at = fast_.resumeOffset();
  if (fast_.resumeWithPcapngReader()) return SwitchToPcapngAt(at) ? nullptr : "cannot read the capture file again";
  return ResumeLibpcapAt(at) ? nullptr : "cannot seek in the capture file";
}

bool OfflineReader::SwitchToPcapng() {
  FILE* file = pcap_file(handle_);
  const off_t at = file != nullptr ? ftello(file) : -1;  // just past the block libpcap refused
  return at >= 0 && SwitchToPcapngAt(static_cast<uint64_t>(at));
}

bool OfflineReader::SwitchToPcapngAt(uint64_t offset) {
  FILE* file = pcap_file(handle_);
  // the file libpcap has open, even if its name now leads elsewhere or nowhere
  const int fd = file != nullptr ? fcntl(fileno(file), F_DUPFD_CLOEXEC, 0) : -1;
  return fd >= 0 && pcapng_.Open(fd, offset, nano_);
}

bool OfflineReader::ResumeLibpcapAt(uint64_t offset) {
  FILE* file = pcap_file(handle_);
  return file != nullptr && fseeko(file, static_cast<off_t>(offset), SEEK_SET) == 0;
}

Napi::Value OfflineReader::Close(const Napi::CallbackInfo& info) {
  if (readsInFlight_ > 0) {
    // A worker is using the handle; the last ReadFinished closes it. One waiting on a pipe is
    // woken rather than left to wait for the writer's next bytes.
    closeRequested_ = true;
    if (stream_) stream_->Interrupt();
  } else {
    CloseNow();
  }
  return info.Env().Undefined();
}

void OfflineReader::ReadFinished(bool fastEnded) {
  readsInFlight_--;
  if (fastEnded) fast_.Deactivate();
  if (closeRequested_ && readsInFlight_ == 0) CloseNow();
}

void OfflineReader::CloseNow() {
  fast_.Close();
  pcapng_.Close();
  if (handle_ != nullptr) {
    pcap_close(handle_);  // closes the FILE, so its buffer and stream can go
    handle_ = nullptr;
  }
  stream_.reset();
  if (readsStdin_) stdinTaken.store(false);
  readsStdin_ = false;
  if (hasStreamFilter_) pcap_freecode(&streamFilter_);
  hasStreamFilter_ = false;
  std::free(fileBuffer_);
  fileBuffer_ = nullptr;
  if (cleanupHookAdded_) {
    napi_remove_env_cleanup_hook(env_, &OfflineReader::OnCleanup, this);
    cleanupHookAdded_ = false;
  }
}

void OfflineReader::OnCleanup(void* self) {
  auto* reader = static_cast<OfflineReader*>(self);
  reader->cleanupHookAdded_ = false;
  // A read still running on the thread pool owns the handle; leaking it at teardown is safer than
  // closing it under the worker. One waiting on a pipe is woken, so that its thread comes back.
  if (reader->readsInFlight_ == 0) {
    reader->CloseNow();
  } else if (reader->stream_) {
    reader->stream_->Interrupt();
  }
}

}  // namespace pcapnode
