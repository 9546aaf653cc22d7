// Small helpers shared by the binding's classes: coded errors and handing a Batch to JS.
#pragma once

#include <napi.h>

#include <string>
#include <utility>
#include <vector>

#include "batch.h"

namespace pcapnode {

// A JS Error carrying libpcap's status (PCAP_ERROR_*), so that lib/errors.js can map it to a
// stable code. `stage` names the libpcap call that failed ('pcap_activate', ...).
inline Napi::Error PcapError(Napi::Env env, const std::string& stage, int status, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("pcapStatus", Napi::Number::New(env, status));
  err.Set("pcapStage", Napi::String::New(env, stage));
  return err;
}

[[noreturn]] inline void ThrowPcapError(Napi::Env env, const std::string& stage, int status,
                                        const std::string& message) {
  throw PcapError(env, stage, status, message);
}

// Whether memory offered to napi_create_external_(array)buffer is still ours to free after the
// call failed with `status`. Node rejects the call before taking anything when JS cannot run
// (napi_pending_exception) or on a bad argument; a napi_generic_failure comes from inside
// Buffer::New, which by then has either called the finalizer itself or attached the memory to an
// ArrayBuffer that will (Node 20), so freeing here as well would free twice.
inline bool OwnershipStayedHere(napi_status status) { return status != napi_generic_failure; }

// Moves the batch into JS: *data a Buffer, *index a Uint32Array, each freed when collected.
// Uses plain N-API calls and reports failure instead of throwing: it also runs from libuv
// callbacks while a worker thread is being torn down, when no JS can run and node-addon-api's
// error paths would abort the process. On failure the batch's memory is released here.
inline bool BatchToJs(napi_env env, Batch& batch, napi_value* data, napi_value* index) {
  const BatchBytes bytes = batch.ReleaseData();
  napi_status status;
  if (bytes.bytes == nullptr) {
    void* unused = nullptr;
    status = napi_create_buffer(env, 0, &unused, data);
  } else {
    status = napi_create_external_buffer(env, bytes.size, bytes.bytes, bytes.finalize, bytes.hint, data);
    if (status != napi_ok && OwnershipStayedHere(status)) bytes.finalize(env, bytes.bytes, bytes.hint);
  }
  if (status != napi_ok) return false;
  auto* words = new std::vector<uint32_t>(std::move(batch.index()));
  batch.index().clear();
  // The index was reserved at the size of the last batch; JS keeps it as long as any packet of
  // this one, so a much smaller batch gives the spare room back first.
  if (words->capacity() > 2 * words->size() + 1024) words->shrink_to_fit();
  const size_t n = words->size();
  napi_value ab;
  if (n == 0) {
    delete words;
    void* unused = nullptr;
    status = napi_create_arraybuffer(env, 0, &unused, &ab);
  } else {
    status = napi_create_external_arraybuffer(
        env, words->data(), n * sizeof(uint32_t),
        [](napi_env, void*, void* hint) { delete static_cast<std::vector<uint32_t>*>(hint); }, words, &ab);
    if (status != napi_ok && OwnershipStayedHere(status)) delete words;
  }
  if (status != napi_ok) return false;
  return napi_create_typedarray(env, napi_uint32_array, n, ab, 0, index) == napi_ok;
}

// Calls `fn` with `argv` as a top-level callback (async context, microtasks). A listener that
// throws becomes an uncaught exception, as with any event callback. Never throws into libuv.
inline void CallIntoJs(napi_env env, napi_value recv, napi_value fn, size_t argc, const napi_value* argv,
                       napi_async_context context) {
  napi_value result;
  const napi_status status = napi_make_callback(env, context, recv, fn, argc, argv, &result);
  if (status == napi_pending_exception) {
    napi_value err;
    if (napi_get_and_clear_last_exception(env, &err) == napi_ok) napi_fatal_exception(env, err);
  }
}

}  // namespace pcapnode
