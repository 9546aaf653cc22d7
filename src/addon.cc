// Module entry. The native core is small on purpose: pcap_t lifecycle, I/O and batches. Options,
// defaults, validation, error codes and decoding all live in lib/.
#include <napi.h>
#include <pcap/pcap.h>

#include "bpf_program.h"
#include "devices.h"
#include "live_capture.h"
#include "offline_reader.h"

namespace pcapnode {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("LiveCapture", LiveCapture::Init(env));
  exports.Set("OfflineReader", OfflineReader::Init(env));
  exports.Set("BpfProgram", BpfProgram::Init(env));
  exports.Set("findalldevs", Napi::Function::New(env, FindAllDevs, "findalldevs"));
  exports.Set("dataLinkName", Napi::Function::New(env, DataLinkName, "dataLinkName"));
  exports.Set("dataLinkValue", Napi::Function::New(env, DataLinkValue, "dataLinkValue"));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion, "libVersion"));
  Napi::Object status = Napi::Object::New(env);
  status.Set("ERROR", PCAP_ERROR);
  status.Set("BREAK", PCAP_ERROR_BREAK);
  status.Set("NOT_ACTIVATED", PCAP_ERROR_NOT_ACTIVATED);
  status.Set("ACTIVATED", PCAP_ERROR_ACTIVATED);
  status.Set("NO_SUCH_DEVICE", PCAP_ERROR_NO_SUCH_DEVICE);
  status.Set("RFMON_NOTSUP", PCAP_ERROR_RFMON_NOTSUP);
  status.Set("NOT_RFMON", PCAP_ERROR_NOT_RFMON);
  status.Set("PERM_DENIED", PCAP_ERROR_PERM_DENIED);
  status.Set("IFACE_NOT_UP", PCAP_ERROR_IFACE_NOT_UP);
  status.Set("CANTSET_TSTAMP_TYPE", PCAP_ERROR_CANTSET_TSTAMP_TYPE);
  status.Set("PROMISC_PERM_DENIED", PCAP_ERROR_PROMISC_PERM_DENIED);
  status.Set("TSTAMP_PRECISION_NOTSUP", PCAP_ERROR_TSTAMP_PRECISION_NOTSUP);
  exports.Set("status", status);
  return exports;
}

}  // namespace pcapnode

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return pcapnode::Init(env, exports); }

NODE_API_MODULE(pcap_binding, InitModule)
