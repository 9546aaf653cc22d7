// An offline capture file (pcap or pcapng). Reading happens on libuv's thread pool, one batch per
// read() call, so neither a large file nor a slow disk blocks the event loop, and memory stays
// bounded: lib/session.js asks for the next batch only when it wants more (backpressure). At most
// one read is in flight; close() during a read is deferred until the read is done.
#pragma once

#include <napi.h>
#include <pcap/pcap.h>

namespace pcapnode {

class OfflineReader : public Napi::ObjectWrap<OfflineReader> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit OfflineReader(const Napi::CallbackInfo& info);
  ~OfflineReader() override;

  // Used by the read worker.
  pcap_t* handle() const { return handle_; }
  bool nano() const { return nano_; }
  void ReadFinished();

 private:
  Napi::Value Open(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value SetFilter(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void CloseNow();
  static void OnCleanup(void* self);

  pcap_t* handle_ = nullptr;
  bool nano_ = false;
  bool busy_ = false;
  bool closeRequested_ = false;
  bool cleanupHookAdded_ = false;
  napi_env env_;
};

}  // namespace pcapnode
