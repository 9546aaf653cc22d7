#!/usr/bin/env bash
# Compares the live-capture CPU per packet of several builds of this package (and tcpdump) on the
# live suite's veth replay, runs alternating, CPU from schedstat as in bench/suites/live.js. This
# is how bench/README.md's "Where our CPU goes" table was made: each variant is a clone of the
# repository with one change to src/, built with `node scripts/build.js`.
#
#   sudo bench/live-ab.sh RUNS LABEL:ENV:MODULE_DIR ... [LABEL::tcpdump]
#   e.g. sudo bench/live-ab.sh 4 stock::. nojs:X=1:/tmp/variant tcpdump::tcpdump
#
# ENV is `NAME=VALUE ...` for the capture process (empty for none). Needs root, ip, tcpreplay,
# tcpdump and the bench capture (npm run bench makes bench/data/mix-2000000-s1.pcap).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=$1
shift
FILE=${PCAP_BENCH_FILE:-$ROOT/bench/data/mix-2000000-s1.pcap}
WORKER=$ROOT/bench/workers/live.js
NS=pcapab-$$
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS" link add va type veth peer name vb
for dev in lo va vb; do ip -n "$NS" link set "$dev" up; done

cpu_us() { cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { print int(s / 1000) }'; }
declare -A RESULTS
for r in $(seq "$RUNS"); do
  for contender in "$@"; do
    IFS=: read -r label envs dir <<< "$contender"
    if [ "$dir" = tcpdump ]; then
      ip netns exec "$NS" tcpdump -n -i vb -B 10240 -s 65535 -w /dev/null > /dev/null 2>&1 &
    else
      # shellcheck disable=SC2086  # ENV is a list of NAME=VALUE words
      ip netns exec "$NS" env $envs node "$WORKER" "$(cd "$dir" && pwd)" vb 10485760 > /dev/null 2>&1 &
    fi
    pid=$!
    sleep 1.5
    c0=$(cpu_us "$pid")
    sent=$(ip netns exec "$NS" tcpreplay --topspeed -i va "$FILE" 2>&1 | grep -o 'Successful packets: *[0-9]*' | grep -o '[0-9]*$')
    sleep 2.5
    c1=$(cpu_us "$pid")
    kill -INT "$pid"
    wait "$pid" || true
    v=$(echo "scale=4; ($c1 - $c0) / $sent" | bc)
    RESULTS[$label]="${RESULTS[$label]:-} $v"
    echo "$label run $r: $v µs/packet"
  done
done
for label in "${!RESULTS[@]}"; do echo "$label (sorted): $(echo ${RESULTS[$label]} | tr ' ' '\n' | sort -n | tr '\n' ' ')"; done
