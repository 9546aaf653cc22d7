// A live capture: owns one activated pcap_t in non-blocking mode and a uv_poll_t on its selectable
// fd. Each wake drains at most a bounded number of packets into one Batch, and only after
// pcap_dispatch has returned does it call JS, once per batch, so closing from a 'packet' handler is
// safe and a flood cannot starve the event loop. Options arrive validated from lib/session.js.
#pragma once

#include <napi.h>
#include <pcap/pcap.h>
#include <uv.h>

#include <string>

#include "batch.h"

namespace pcapnode {

class LiveCapture : public Napi::ObjectWrap<LiveCapture> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit LiveCapture(const Napi::CallbackInfo& info);
  ~LiveCapture() override;

 private:
  enum class State { kNew, kOpen, kClosed };

  Napi::Value Open(const Napi::CallbackInfo& info);
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value SetFilter(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Inject(const Napi::CallbackInfo& info);
  Napi::Value SetRef(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  static void OnReadable(uv_poll_t* poll, int status, int events);
  void StartPolling();  // poll_ must be there and not polling
  static void OnCleanup(void* self);
  void Drain(const char* pollError);
  void ReleaseHandles();
  void RequireOpen(Napi::Env env, const char* what);

  State state_ = State::kNew;
  pcap_t* handle_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  bool polling_ = false;
  bool paused_ = false;      // by pause(): a poll error's restart must not undo it
  uint32_t pollErrors_ = 0;  // poll errors left pending since the last readable wake (see OnReadable)
  bool referenced_ = true;
  bool nano_ = false;
  bpf_u_int32 netmask_ = PCAP_NETMASK_UNKNOWN;
  uint32_t maxPacketsPerWake_ = 4096;
  uint32_t maxBytesPerWake_ = 4 * 1024 * 1024;
  SharedBlock* fill_ = nullptr;  // the block the next batches are carved from
  size_t lastIndexWords_ = 0;
  Napi::Env env_;
  Napi::FunctionReference onBatch_;
  Napi::ObjectReference self_;  // keeps the JS object alive while capturing
  napi_async_context asyncContext_ = nullptr;
  bool cleanupHookAdded_ = false;
};

}  // namespace pcapnode
