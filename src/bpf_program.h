// A compiled BPF filter that JS can run over batches it already holds: when a file session's
// filter changes, the batches read ahead under the old filter are filtered with the new one.
#pragma once

#include <napi.h>
#include <pcap/pcap.h>

namespace pcapnode {

class BpfProgram : public Napi::ObjectWrap<BpfProgram> {
 public:
  static Napi::Function Init(Napi::Env env);
  // new BpfProgram(dlt, snaplen, expr, [swapped]): throws (pcapStage 'pcap_compile') when it does
  // not compile. `swapped`: the packets come from a file of the other byte order (see filter.h).
  explicit BpfProgram(const Napi::CallbackInfo& info);
  ~BpfProgram() override;

 private:
  // filter(data, index, from, count) -> a new index (Uint32Array) of the entries from..count-1
  // that match.
  Napi::Value Filter(const Napi::CallbackInfo& info);
  // match(bytes, wireLength) -> whether one packet's captured bytes pass the filter.
  Napi::Value Match(const Napi::CallbackInfo& info);
  // instructions() -> [{code, jt, jf, k, text}], text as tcpdump -d prints it.
  Napi::Value Instructions(const Napi::CallbackInfo& info);

  struct bpf_program prog_ = {};
  bool compiled_ = false;
};

}  // namespace pcapnode
