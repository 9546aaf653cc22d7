// Small helpers shared by the binding's classes: coded errors and handing a Batch to JS.
#pragma once

#include <napi.h>

#include <string>

#include "batch.h"

namespace pcapnode {

// Throws a JS Error carrying libpcap's status (PCAP_ERROR_*), so that lib/errors.js can map it to
// a stable code. `stage` names the libpcap call that failed ('pcap_activate', ...).
[[noreturn]] inline void ThrowPcapError(Napi::Env env, const std::string& stage, int status,
                                        const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("pcapStatus", Napi::Number::New(env, status));
  err.Set("pcapStage", Napi::String::New(env, stage));
  throw err;
}

// Moves the batch's block into a JS Buffer that frees it when collected.
inline Napi::Value BatchToBuffer(Napi::Env env, Batch& batch) {
  const size_t size = batch.size();
  uint8_t* data = batch.Release();
  if (data == nullptr) return Napi::Buffer<uint8_t>::New(env, 0);
  return Napi::Buffer<uint8_t>::New(env, data, size, [](Napi::Env, uint8_t* p) { std::free(p); });
}

}  // namespace pcapnode
