#include "bpf_program.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "batch.h"
#include "filter.h"
#include "util.h"

namespace pcapnode {

Napi::Function BpfProgram::Init(Napi::Env env) {
  return DefineClass(env, "BpfProgram",
                     {
                         InstanceMethod<&BpfProgram::Filter>("filter"),
                         InstanceMethod<&BpfProgram::Match>("match"),
                         InstanceMethod<&BpfProgram::Instructions>("instructions"),
                     });
}

BpfProgram::BpfProgram(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfProgram>(info) {
  Napi::Env env = info.Env();
  const std::string expr = info[2].As<Napi::String>();
  std::string err;
  const bool swapped = info.Length() > 3 && info[3].ToBoolean().Value();
  switch (CompileForLinkType(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Number>().Int32Value(), expr,
                             &prog_, &err, swapped)) {
    case CompileResult::kCompiled:
      compiled_ = true;
      break;
    case CompileResult::kNoMemory:
      ThrowPcapError(env, "pcap_open_dead", PCAP_ERROR, "out of memory");
    case CompileResult::kBadFilter:
      ThrowPcapError(env, "pcap_compile", PCAP_ERROR, err);
  }
}

BpfProgram::~BpfProgram() {
  if (compiled_) pcap_freecode(&prog_);
}

Napi::Value BpfProgram::Filter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto data = info[0].As<Napi::Buffer<uint8_t>>();
  auto index = info[1].As<Napi::Uint32Array>();
  const uint32_t from = info[2].As<Napi::Number>().Uint32Value();
  const uint32_t count = info[3].As<Napi::Number>().Uint32Value();
  const size_t entries = index.ElementLength() / kIndexWords;
  std::vector<uint32_t> kept;
  for (uint32_t i = from; i < count && i < entries; i++) {
    const uint32_t* e = index.Data() + static_cast<size_t>(i) * kIndexWords;
    if (static_cast<size_t>(e[kIdxOffset]) + e[kIdxCaplen] > data.Length()) continue;  // not ours
    struct pcap_pkthdr h = {};
    h.caplen = e[kIdxCaplen];
    h.len = e[kIdxLen];
    if (pcap_offline_filter(&prog_, &h, data.Data() + e[kIdxOffset]) != 0) kept.insert(kept.end(), e, e + kIndexWords);
  }
  Napi::Uint32Array out = Napi::Uint32Array::New(env, kept.size());
  if (!kept.empty()) std::copy(kept.begin(), kept.end(), out.Data());
  return out;
}

Napi::Value BpfProgram::Match(const Napi::CallbackInfo& info) {
  auto bytes = info[0].As<Napi::Uint8Array>();
  struct pcap_pkthdr h = {};
  h.caplen = static_cast<bpf_u_int32>(bytes.ElementLength());
  h.len = info[1].As<Napi::Number>().Uint32Value();
  return Napi::Boolean::New(info.Env(), pcap_offline_filter(&prog_, &h, bytes.Data()) != 0);
}

namespace {

// tcpdump -d's line for one instruction. bpf_image writes into a static buffer, and worker threads
// can ask at the same time.
std::string ImageOf(const struct bpf_insn* insn, int n) {
  static std::mutex imageMutex;
  std::lock_guard<std::mutex> lock(imageMutex);
  return bpf_image(insn, n);
}

}  // namespace

Napi::Value BpfProgram::Instructions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, prog_.bf_len);
  for (u_int i = 0; i < prog_.bf_len; i++) {
    const struct bpf_insn* insn = prog_.bf_insns + i;
    Napi::Object o = Napi::Object::New(env);
    o.Set("code", insn->code);
    o.Set("jt", insn->jt);
    o.Set("jf", insn->jf);
    o.Set("k", insn->k);
    o.Set("text", ImageOf(insn, static_cast<int>(i)));
    out.Set(i, o);
  }
  return out;
}

}  // namespace pcapnode
