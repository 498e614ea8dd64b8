package io.netsight.ingest.kernel;

/**
 * Why a kernel log line that carries a configured prefix did not become a {@code KernelDrop}. Each is a label value of
 * {@code netsight_kernel_log_rejected_total{reason=...}}: a bad line is counted, never thrown.
 */
public enum KernelLogRejection {
  /** The prefix matched but there is no {@code IN=} field: not a netfilter log line. */
  NOT_NETFILTER("not_netfilter"),
  /** A netfilter line without {@code SRC=}: ARP ({@code nf_log_arp}) or a truncated line. */
  NOT_IP("not_ip"),
  /** {@code SRC=} or {@code DST=} is missing or not an IP address. */
  BAD_ADDRESS("bad_address"),
  /** No {@code PROTO=} field (the line was cut). */
  NO_PROTOCOL("no_protocol"),
  /** A number field (port, length, TTL, type, mark) that is not a number in range. */
  BAD_NUMBER("bad_number"),
  /** A record of the reader's own format (kmsg header, syslog timestamp, journal JSON) that could not be read. */
  BAD_RECORD("bad_record");

  private final String label;

  KernelLogRejection(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
