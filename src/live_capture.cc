#include "live_capture.h"

#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <new>
#include <vector>

#include "batch.h"
#include "filter.h"
#include "util.h"

namespace pcapnode {

namespace {

// Poll errors in a row that libpcap's read left pending, with no readable wake between, after which
// the capture gives up (such an error would otherwise wake the loop for ever)
constexpr uint32_t kMaxPollErrors = 64;

// Whether the socket still reports an error (POLLERR) now. One that libpcap's read took (ENETDOWN,
// each time the interface goes down) is gone; one that stays would wake the loop again at once.
bool ErrorPending(int fd) {
  struct pollfd p = {fd, 0, 0};
  return poll(&p, 1, 0) == 1 && (p.revents & POLLERR) != 0;
}

struct DispatchState {
  Batch* batch;
  bool nano;
  bool outOfMemory;
};

// Called by libpcap (C): nothing may be thrown through it, so a failed allocation of the index
// drops the packet, as a failed data allocation does.
void AppendPacket(u_char* user, const struct pcap_pkthdr* h, const u_char* bytes) noexcept {
  auto* st = reinterpret_cast<DispatchState*>(user);
  try {
    if (!st->batch->Append(h, bytes, st->nano)) st->outOfMemory = true;
  } catch (const std::bad_alloc&) {
    st->outOfMemory = true;
  }
}

std::string ErrorText(pcap_t* handle, int status) {
  std::string text = pcap_geterr(handle);
  if (text.empty()) text = pcap_statustostr(status);
  return text;
}

// The timestamp types the device offers, by libpcap's names ("host", "adapter", ...). Works
// before activation.
Napi::Array TimestampTypes(Napi::Env env, pcap_t* h) {
  Napi::Array out = Napi::Array::New(env);
  int* types = nullptr;
  const int n = pcap_list_tstamp_types(h, &types);
  for (int i = 0; i < n; i++) {
    const char* name = pcap_tstamp_type_val_to_name(types[i]);
    if (name != nullptr) out.Set(out.Length(), Napi::String::New(env, name));
  }
  if (types != nullptr) pcap_free_tstamp_types(types);
  return out;
}

// The link-layer types (DLT numbers) an activated device offers.
Napi::Array LinkTypes(Napi::Env env, pcap_t* h) {
  Napi::Array out = Napi::Array::New(env);
  int* dlts = nullptr;
  const int n = pcap_list_datalinks(h, &dlts);
  for (int i = 0; i < n; i++) out.Set(out.Length(), Napi::Number::New(env, dlts[i]));
  if (dlts != nullptr) pcap_free_datalinks(dlts);
  return out;
}

}  // namespace

Napi::Function LiveCapture::Init(Napi::Env env) {
  return DefineClass(env, "LiveCapture",
                     {
                         InstanceMethod<&LiveCapture::Open>("open"),
                         InstanceMethod<&LiveCapture::Start>("start"),
                         InstanceMethod<&LiveCapture::Pause>("pause"),
                         InstanceMethod<&LiveCapture::Resume>("resume"),
                         InstanceMethod<&LiveCapture::SetFilter>("setFilter"),
                         InstanceMethod<&LiveCapture::Stats>("stats"),
                         InstanceMethod<&LiveCapture::Inject>("inject"),
                         InstanceMethod<&LiveCapture::SetRef>("setRef"),
                         InstanceMethod<&LiveCapture::Close>("close"),
                     });
}

LiveCapture::LiveCapture(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LiveCapture>(info), env_(info.Env()) {}

LiveCapture::~LiveCapture() { ReleaseHandles(); }

void LiveCapture::RequireOpen(Napi::Env env, const char* what) {
  if (state_ != State::kOpen) {
    ThrowPcapError(env, what, 0, state_ == State::kClosed ? "session is closed" : "session is not open");
  }
}

// open({device, snaplen, promisc, bufferSize, timeoutMs, monitor, nano, tstampType, dlt,
//       direction, filter, maxPacketsPerWake, maxBytesPerWake})
//   -> {linkType, linkTypes[], timestampTypes[], tstampTypeRefused, nano, snaplen, warnings[]}
// tstampType "" and dlt -1 leave the device's defaults. A dlt the device does not offer throws an
// error whose `linkTypes` lists the ones it does.
Napi::Value LiveCapture::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (state_ != State::kNew) ThrowPcapError(env, "open", 0, "session already opened");
  Napi::Object o = info[0].As<Napi::Object>();
  const std::string device = o.Get("device").As<Napi::String>();
  const int snaplen = o.Get("snaplen").As<Napi::Number>().Int32Value();
  const bool promisc = o.Get("promisc").As<Napi::Boolean>();
  const int bufferSize = o.Get("bufferSize").As<Napi::Number>().Int32Value();
  const int timeoutMs = o.Get("timeoutMs").As<Napi::Number>().Int32Value();
  const bool monitor = o.Get("monitor").As<Napi::Boolean>();
  const bool wantNano = o.Get("nano").As<Napi::Boolean>();
  const std::string tstampType = o.Get("tstampType").As<Napi::String>();
  const int dlt = o.Get("dlt").As<Napi::Number>().Int32Value();
  const std::string direction = o.Get("direction").As<Napi::String>();
  const std::string filter = o.Get("filter").As<Napi::String>();
  maxPacketsPerWake_ = o.Get("maxPacketsPerWake").As<Napi::Number>().Uint32Value();
  maxBytesPerWake_ = o.Get("maxBytesPerWake").As<Napi::Number>().Uint32Value();

  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_t* h = pcap_create(device.c_str(), errbuf);
  if (h == nullptr) ThrowPcapError(env, "pcap_create", PCAP_ERROR, errbuf);

  // Until activation succeeds, any failure must close h before throwing.
  auto fail = [&](const char* stage, int status) {
    std::string text = ErrorText(h, status);
    pcap_close(h);
    ThrowPcapError(env, stage, status, text);
  };
  pcap_set_snaplen(h, snaplen);
  pcap_set_promisc(h, promisc ? 1 : 0);
  pcap_set_buffer_size(h, bufferSize);
  if (timeoutMs <= 0) {
    pcap_set_immediate_mode(h, 1);
  } else {
    pcap_set_timeout(h, timeoutMs);
  }
  if (monitor) {
    const int rc = pcap_set_rfmon(h, 1);
    if (rc != 0) fail("pcap_set_rfmon", rc);
  }
  if (wantNano) {
    const int rc = pcap_set_tstamp_precision(h, PCAP_TSTAMP_PRECISION_NANO);
    if (rc != 0) fail("pcap_set_tstamp_precision", rc);
  }

  Napi::Array warnings = Napi::Array::New(env);
  const Napi::Array timestampTypes = TimestampTypes(env, h);
  bool tstampTypeRefused = false;
  if (!tstampType.empty()) {
    const int type = pcap_tstamp_type_name_to_val(tstampType.c_str());
    if (type < 0) fail("pcap_tstamp_type_name_to_val", PCAP_ERROR);
    const int rc = pcap_set_tstamp_type(h, type);
    if (rc < 0) fail("pcap_set_tstamp_type", rc);
    // a type the device does not offer is a warning (lib/session.js words it), and the capture
    // goes on with the device's default, as tcpdump does
    tstampTypeRefused = rc > 0;
  }
  const int status = pcap_activate(h);
  if (status < 0) fail("pcap_activate", status);
  // libpcap opens its packet socket without close-on-exec: a child process would inherit it, and
  // with it the ring buffer and the interface's promiscuous mode, for as long as it lives
  const int fd = pcap_get_selectable_fd(h);
  if (fd >= 0) fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
  // the device listed the timestamp type but could not turn it on (a hardware-timestamp ioctl
  // failed, say): the same as a type it does not offer
  if (status == PCAP_WARNING_TSTAMP_TYPE_NOTSUP && !tstampType.empty()) {
    tstampTypeRefused = true;
  } else if (status > 0) {
    std::string text = pcap_geterr(h);
    if (text.empty()) text = pcap_statustostr(status);
    warnings.Set(warnings.Length(), Napi::String::New(env, text));
  }
  nano_ = pcap_get_tstamp_precision(h) == PCAP_TSTAMP_PRECISION_NANO;

  // before the filter: it is compiled for the link type in use
  const Napi::Array linkTypes = LinkTypes(env, h);
  if (dlt >= 0 && dlt != pcap_datalink(h) && pcap_set_datalink(h, dlt) != 0) {
    Napi::Error err = PcapError(env, "pcap_set_datalink", PCAP_ERROR, pcap_geterr(h));
    err.Set("linkTypes", linkTypes);
    pcap_close(h);
    throw err;
  }

  if (!direction.empty()) {
    pcap_direction_t d = direction == "in" ? PCAP_D_IN : direction == "out" ? PCAP_D_OUT : PCAP_D_INOUT;
    if (pcap_setdirection(h, d) != 0) fail("pcap_setdirection", PCAP_ERROR);
  }

  bpf_u_int32 net = 0;
  bpf_u_int32 mask = 0;
  if (pcap_lookupnet(device.c_str(), &net, &mask, errbuf) == 0) {
    netmask_ = mask;
  } else {
    netmask_ = PCAP_NETMASK_UNKNOWN;
    if (!filter.empty()) warnings.Set(warnings.Length(), Napi::String::New(env, errbuf));
  }
  if (!filter.empty()) {
    const FilterResult applied = ApplyFilter(h, filter, netmask_);
    if (!applied.ok()) {
      pcap_close(h);
      ThrowPcapError(env, applied.stage, PCAP_ERROR, applied.error);
    }
  }
  if (pcap_setnonblock(h, 1, errbuf) != 0) {
    pcap_close(h);
    ThrowPcapError(env, "pcap_setnonblock", PCAP_ERROR, errbuf);
  }
  if (pcap_get_selectable_fd(h) < 0) {
    pcap_close(h);
    ThrowPcapError(env, "pcap_get_selectable_fd", PCAP_ERROR, "this device has no selectable file descriptor");
  }

  handle_ = h;
  state_ = State::kOpen;
  napi_add_env_cleanup_hook(env, &LiveCapture::OnCleanup, this);
  cleanupHookAdded_ = true;

  Napi::Object result = Napi::Object::New(env);
  result.Set("linkType", Napi::Number::New(env, pcap_datalink(h)));
  result.Set("linkTypes", linkTypes);
  result.Set("timestampTypes", timestampTypes);
  result.Set("tstampTypeRefused", Napi::Boolean::New(env, tstampTypeRefused));
  result.Set("nano", Napi::Boolean::New(env, nano_));
  result.Set("snaplen", Napi::Number::New(env, pcap_snapshot(h)));  // what libpcap uses (it caps the option)
  result.Set("warnings", warnings);
  return result;
}

// start(onBatch): onBatch(data, index, count, error) is called once per wake with packets.
Napi::Value LiveCapture::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "start");
  if (poll_ != nullptr) ThrowPcapError(env, "start", 0, "capture already started");
  onBatch_ = Napi::Persistent(info[0].As<Napi::Function>());
  napi_value resourceName = Napi::String::New(env, "pcap:LiveCapture");
  napi_async_init(env, Value(), resourceName, &asyncContext_);

  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  poll_ = new uv_poll_t;
  poll_->data = this;
  if (uv_poll_init(loop, poll_, pcap_get_selectable_fd(handle_)) != 0) {
    delete poll_;
    poll_ = nullptr;
    ThrowPcapError(env, "uv_poll_init", PCAP_ERROR, "cannot watch the capture file descriptor");
  }
  StartPolling();
  if (!referenced_) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
  self_ = Napi::Persistent(Value());
  return env.Undefined();
}

Napi::Value LiveCapture::Pause(const Napi::CallbackInfo& info) {
  paused_ = true;
  if (state_ == State::kOpen && poll_ != nullptr && polling_) {
    uv_poll_stop(poll_);
    polling_ = false;
  }
  return info.Env().Undefined();
}

Napi::Value LiveCapture::Resume(const Napi::CallbackInfo& info) {
  paused_ = false;
  if (state_ == State::kOpen && poll_ != nullptr && !polling_) StartPolling();
  return info.Env().Undefined();
}

Napi::Value LiveCapture::SetFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "setFilter");
  const FilterResult applied = ApplyFilter(handle_, info[0].As<Napi::String>(), netmask_);
  if (!applied.ok()) ThrowPcapError(env, applied.stage, PCAP_ERROR, applied.error);
  return env.Undefined();
}

Napi::Value LiveCapture::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "stats");
  struct pcap_stat st = {};
  if (pcap_stats(handle_, &st) != 0) ThrowPcapError(env, "pcap_stats", PCAP_ERROR, pcap_geterr(handle_));
  Napi::Object o = Napi::Object::New(env);
  o.Set("ps_recv", Napi::Number::New(env, st.ps_recv));
  o.Set("ps_drop", Napi::Number::New(env, st.ps_drop));
  o.Set("ps_ifdrop", Napi::Number::New(env, st.ps_ifdrop));
  return o;
}

Napi::Value LiveCapture::Inject(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "inject");
  auto buf = info[0].As<Napi::Uint8Array>();
  const int n = pcap_inject(handle_, buf.Data(), buf.ByteLength());
  if (n < 0) ThrowPcapError(env, "pcap_inject", PCAP_ERROR, pcap_geterr(handle_));
  return Napi::Number::New(env, n);
}

Napi::Value LiveCapture::SetRef(const Napi::CallbackInfo& info) {
  referenced_ = info[0].As<Napi::Boolean>();
  if (poll_ != nullptr) {
    auto* h = reinterpret_cast<uv_handle_t*>(poll_);
    if (referenced_)
      uv_ref(h);
    else
      uv_unref(h);
  }
  return info.Env().Undefined();
}

Napi::Value LiveCapture::Close(const Napi::CallbackInfo& info) {
  ReleaseHandles();
  return info.Env().Undefined();
}

// Idempotent. Safe from a JS batch callback: pcap_dispatch is never on the stack then.
void LiveCapture::ReleaseHandles() {
  if (state_ == State::kClosed) return;
  const bool wasOpen = state_ == State::kOpen;
  state_ = State::kClosed;
  if (poll_ != nullptr) {
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
    polling_ = false;
  }
  if (handle_ != nullptr) {
    pcap_close(handle_);
    handle_ = nullptr;
  }
  if (fill_ != nullptr) {  // batches still in JS keep the block until they are collected
    SharedBlock::Unref(fill_);
    fill_ = nullptr;
  }
  if (cleanupHookAdded_) {
    napi_remove_env_cleanup_hook(env_, &LiveCapture::OnCleanup, this);
    cleanupHookAdded_ = false;
  }
  if (asyncContext_ != nullptr) {
    napi_async_destroy(env_, asyncContext_);
    asyncContext_ = nullptr;
  }
  if (wasOpen) {
    onBatch_.Reset();
    self_.Reset();
  }
}

// The environment is going away (process exit or worker termination): close without calling JS.
void LiveCapture::OnCleanup(void* self) {
  auto* cap = static_cast<LiveCapture*>(self);
  cap->cleanupHookAdded_ = false;  // the hook is being run; removing it now is not allowed
  cap->ReleaseHandles();
}

void LiveCapture::StartPolling() {
  uv_poll_start(poll_, UV_READABLE, &LiveCapture::OnReadable);
  polling_ = true;
}

void LiveCapture::OnReadable(uv_poll_t* poll, int status, int /*events*/) {
  auto* cap = static_cast<LiveCapture*>(poll->data);
  if (cap->state_ != State::kOpen) return;
  if (status < 0) {
    // libuv has stopped the handle: POLLERR, which it reports as UV_EBADF. On Linux that is the
    // socket's pending error, ENETDOWN when the interface is taken down or deleted. libpcap reads
    // and judges it: a deleted interface is its error; one only taken down is none, and the
    // capture goes on, as tcpdump's does (the packets come again once it is up), however often
    // that happens. Only an error that libpcap's read leaves pending, again and again with no
    // readable wake between, is given up on.
    cap->polling_ = false;
    const bool giveUp = cap->pollErrors_ >= kMaxPollErrors;
    cap->Drain(giveUp ? "the capture socket keeps reporting an error that reading does not clear" : nullptr);
    if (giveUp || cap->state_ != State::kOpen) return;
    cap->pollErrors_ = ErrorPending(pcap_get_selectable_fd(cap->handle_)) ? cap->pollErrors_ + 1 : 0;
    if (!cap->paused_ && !cap->polling_ && cap->poll_ != nullptr) cap->StartPolling();
    return;
  }
  cap->pollErrors_ = 0;
  cap->Drain(nullptr);
}

// Everything below runs from a libuv callback, possibly while a worker thread is being torn
// down and JS can no longer run: plain N-API calls with their status checked, nothing thrown.
void LiveCapture::Drain(const char* pollError) {
  Batch batch;
  // The next stretch of the block this capture is filling, or a new block when too little is
  // left: memory that was touched before, so no page faults, and nothing to grow while a busy
  // link fills the batch. The index starts at the size the last one reached.
  if (!batch.UseBlock(fill_)) {
    if (fill_ != nullptr) SharedBlock::Unref(fill_);
    fill_ = SharedBlock::New();
    batch.UseBlock(fill_);  // without memory for a block, Append allocates as it goes
  }
  batch.index().reserve(lastIndexWords_);
  DispatchState st{&batch, nano_, false};
  std::string error;
  uint32_t total = 0;
  while (total < maxPacketsPerWake_ && batch.size() < maxBytesPerWake_) {
    const int n = pcap_dispatch(handle_, static_cast<int>(maxPacketsPerWake_ - total), &AppendPacket,
                                reinterpret_cast<u_char*>(&st));
    if (n < 0) {
      if (n != PCAP_ERROR_BREAK) error = pcap_geterr(handle_);
      break;
    }
    if (n == 0) break;  // nothing more right now
    total += static_cast<uint32_t>(n);
  }
  lastIndexWords_ = std::min<size_t>(batch.index().size(), size_t{kIndexWords} * 4096);
  if (st.outOfMemory && error.empty()) error = "out of memory: packets dropped from a batch";
  if (pollError != nullptr && error.empty()) error = pollError;
  if (batch.count() == 0 && error.empty()) return;
  if (onBatch_.IsEmpty()) return;

  napi_env env = env_;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;  // the batch frees itself
  napi_value argv[4];
  napi_value fn;
  napi_value recv;
  const uint32_t count = batch.count();
  const bool ok = BatchToJs(env, batch, &argv[0], &argv[1]) && napi_create_uint32(env, count, &argv[2]) == napi_ok &&
                  (error.empty() ? napi_get_undefined(env, &argv[3])
                                 : napi_create_string_utf8(env, error.c_str(), error.size(), &argv[3])) == napi_ok &&
                  napi_get_reference_value(env, onBatch_, &fn) == napi_ok && fn != nullptr &&
                  napi_get_reference_value(env, self_, &recv) == napi_ok && recv != nullptr;
  if (ok) CallIntoJs(env, recv, fn, 4, argv, asyncContext_);
  napi_close_handle_scope(env, scope);
}

}  // namespace pcapnode
