#include "devices.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>

#include <string>

#include "util.h"

namespace pcapnode {

namespace {

// The text form of an IPv4 or IPv6 socket address, or undefined.
Napi::Value AddressText(Napi::Env env, const struct sockaddr* sa) {
  if (sa == nullptr) return env.Undefined();
  char text[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const struct sockaddr_in*>(sa);
    if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) != nullptr) return Napi::String::New(env, text);
  } else if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const struct sockaddr_in6*>(sa);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text) != nullptr) return Napi::String::New(env, text);
  }
  return env.Undefined();
}

}  // namespace

Napi::Value FindAllDevs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* all = nullptr;
  if (pcap_findalldevs(&all, errbuf) == PCAP_ERROR) ThrowPcapError(env, "pcap_findalldevs", PCAP_ERROR, errbuf);
  Napi::Array devices = Napi::Array::New(env);
  for (pcap_if_t* d = all; d != nullptr; d = d->next) {
    Napi::Object dev = Napi::Object::New(env);
    dev.Set("name", d->name);
    if (d->description != nullptr) dev.Set("description", d->description);
    dev.Set("flags", Napi::Number::New(env, d->flags));
    Napi::Array addresses = Napi::Array::New(env);
    for (pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      if (a->addr == nullptr || (a->addr->sa_family != AF_INET && a->addr->sa_family != AF_INET6)) continue;
      Napi::Object entry = Napi::Object::New(env);
      entry.Set("addr", AddressText(env, a->addr));
      Napi::Value mask = AddressText(env, a->netmask);
      if (!mask.IsUndefined()) entry.Set("netmask", mask);
      Napi::Value broad = AddressText(env, a->broadaddr);
      if (!broad.IsUndefined()) entry.Set("broadaddr", broad);
      Napi::Value dst = AddressText(env, a->dstaddr);
      if (!dst.IsUndefined()) entry.Set("dstaddr", dst);
      addresses.Set(addresses.Length(), entry);
    }
    dev.Set("addresses", addresses);
    devices.Set(devices.Length(), dev);
  }
  pcap_freealldevs(all);
  return devices;
}

Napi::Value DataLinkName(const Napi::CallbackInfo& info) {
  const char* name = pcap_datalink_val_to_name(info[0].As<Napi::Number>().Int32Value());
  if (name == nullptr) return info.Env().Null();
  return Napi::String::New(info.Env(), name);
}

// libpcap's short name ("EN10MB", "LINUX_SLL2", as tcpdump -y takes them; any case) -> DLT, or -1
Napi::Value DataLinkValue(const Napi::CallbackInfo& info) {
  const std::string name = info[0].As<Napi::String>();
  return Napi::Number::New(info.Env(), pcap_datalink_name_to_val(name.c_str()));
}

Napi::Value LibVersion(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), pcap_lib_version()); }

}  // namespace pcapnode
