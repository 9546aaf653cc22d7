// Small helpers shared by the binding's classes: coded errors and handing a Batch to JS.
#pragma once

#include <napi.h>

#include <string>
#include <utility>
#include <vector>

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

// Moves the batch into JS: {data: Buffer, index: Uint32Array}, each freed when collected.
inline void BatchToJs(Napi::Env env, Batch& batch, Napi::Value* data, Napi::Value* index) {
  batch.ShrinkIfMostlyEmpty();
  const size_t size = batch.size();
  bool pooled = false;
  uint8_t* bytes = batch.ReleaseData(&pooled);
  if (bytes == nullptr) {
    *data = Napi::Buffer<uint8_t>::New(env, 0);
  } else if (pooled) {
    *data = Napi::Buffer<uint8_t>::New(env, bytes, size, [](Napi::Env, uint8_t* p) { BlockPool::Give(p); });
  } else {
    *data = Napi::Buffer<uint8_t>::New(env, bytes, size, [](Napi::Env, uint8_t* p) { std::free(p); });
  }
  auto* words = new std::vector<uint32_t>(std::move(batch.index()));
  batch.index().clear();
  const size_t n = words->size();
  if (n == 0) {
    delete words;
    *index = Napi::Uint32Array::New(env, 0);
    return;
  }
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(
      env, words->data(), n * sizeof(uint32_t), [](Napi::Env, void*, std::vector<uint32_t>* v) { delete v; }, words);
  *index = Napi::Uint32Array::New(env, n, ab, 0);
}

}  // namespace pcapnode
