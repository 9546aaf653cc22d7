#!/usr/bin/env bash
# How examples/sample.pcap was made (run as root; needs iproute2, tcpdump, iputils-ping, node).
# Two network namespaces joined by a veth pair; one runs a tiny DNS responder and an HTTP server,
# the other pings (ARP, ICMP, NDP, ICMPv6), resolves a name and fetches a page. Nothing leaves the
# namespaces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/sample.pcap}
a=pcapsmpA b=pcapsmpB
cleanup() {
  kill "${tcpdump_pid:-0}" "${server_pid:-0}" 2>/dev/null || true
  wait 2>/dev/null || true # a namespace with a process still in it does not go away
  ip netns del $a 2>/dev/null || true
  ip netns del $b 2>/dev/null || true
}
trap cleanup EXIT
ip netns add $a
ip netns add $b
ip link add veth-smp-a netns $a type veth peer name veth-smp-b netns $b
ip -n $a addr add 10.99.0.1/24 dev veth-smp-a
ip -n $b addr add 10.99.0.2/24 dev veth-smp-b
ip -n $a addr add fd99::1/64 dev veth-smp-a nodad
ip -n $b addr add fd99::2/64 dev veth-smp-b nodad
ip -n $a link set veth-smp-a up
ip -n $b link set veth-smp-b up
ip -n $a link set lo up
ip -n $b link set lo up

# server side: DNS (answers A/AAAA for any name) and HTTP
ip netns exec $b node -e '
const dgram = require("dgram"), http = require("http");
const dns = dgram.createSocket("udp4");
dns.on("message", (q, r) => {
  let o = 12; while (q[o]) o += q[o] + 1; const qtype = q.readUInt16BE(o + 1); const qend = o + 5;
  const head = Buffer.from(q.subarray(0, qend)); head.writeUInt16BE(0x8180, 2); head.writeUInt16BE(1, 6);
  const rdata = qtype === 28 ? Buffer.from("fd990000000000000000000000000002", "hex") : Buffer.from([10, 99, 0, 2]);
  const ans = Buffer.alloc(12); ans.writeUInt16BE(0xc00c, 0); ans.writeUInt16BE(qtype === 28 ? 28 : 1, 2);
  ans.writeUInt16BE(1, 4); ans.writeUInt32BE(300, 6); ans.writeUInt16BE(rdata.length, 10);
  dns.send(Buffer.concat([head, ans, rdata]), r.port, r.address);
});
dns.bind(53, "10.99.0.2");
http.createServer((req, res) => { res.setHeader("content-type", "text/html"); res.end("<html><body>hello from pcap</body></html>\n"); }).listen(80, "::");
' &
server_pid=$!
sleep 0.5

ip netns exec $a tcpdump -i veth-smp-a -w "$out" -U 2>/dev/null &
tcpdump_pid=$!
sleep 1
ip netns exec $a ping -c 2 -i 0.2 10.99.0.2 >/dev/null
ip netns exec $a ping -c 1 fd99::2 >/dev/null
ip netns exec $a node -e '
const dgram = require("dgram"), http = require("http");
const q = Buffer.from("abcd01000001000000000000076578616d706c6503636f6d0000010001", "hex");
const s = dgram.createSocket("udp4");
s.on("message", () => { s.close(); http.get("http://10.99.0.2/index.html", (res) => { res.resume(); res.on("end", () =>
  http.get({ host: "fd99::2", path: "/v6", family: 6 }, (r2) => r2.resume())); }); });
s.send(q, 53, "10.99.0.2");
'
sleep 1
kill $tcpdump_pid; wait $tcpdump_pid 2>/dev/null || true
tcpdump_pid=0
echo "wrote $out: $(tcpdump -nr "$out" 2>/dev/null | wc -l) packets"
