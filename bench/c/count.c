/* Baseline for the offline benchmarks: the plainest libpcap read loop. Opens a capture file,
 * counts records with pcap_next_ex and prints the count,
 * the bytes captured and the CPU seconds (user+sys) it used. Built by bench/run.js with
 * cc -O2 -o bench/data/count bench/c/count.c -lpcap. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <sys/resource.h>

int main(int argc, char **argv) {
  char errbuf[PCAP_ERRBUF_SIZE];
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  pcap_t *p = pcap_open_offline(argv[1], errbuf);
  if (p == NULL) {
    fprintf(stderr, "pcap_open_offline: %s\n", errbuf);
    return 1;
  }
  struct pcap_pkthdr *hdr;
  const u_char *data;
  unsigned long long n = 0, bytes = 0;
  int rc;
  while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
    n++;
    bytes += hdr->caplen;
  }
  if (rc == PCAP_ERROR) {
    fprintf(stderr, "pcap_next_ex: %s\n", pcap_geterr(p));
    pcap_close(p);
    return 1;
  }
  pcap_close(p);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  printf("%llu %llu %.6f\n", n, bytes, cpu);
  return 0;
}
