package io.netsight.ingest.packet;

/**
 * Why a packet, a DNS message or a capture-file record was not turned into a record. Each reason is a label value of
 * {@code netsight_packets_rejected_total{reason=...}}: a bad input is counted, never thrown.
 */
public enum Rejection {
  LINK_TYPE_UNSUPPORTED("link_type_unsupported"),
  LINK_TRUNCATED("link_truncated"),
  NOT_IP("not_ip"),
  IP_TRUNCATED("ip_truncated"),
  IP_BAD_HEADER("ip_bad_header"),
  IP_FRAGMENT("ip_fragment"),
  IPV6_EXTENSION_UNSUPPORTED("ipv6_extension_unsupported"),
  NOT_TCP_OR_UDP("not_tcp_or_udp"),
  TRANSPORT_TRUNCATED("transport_truncated"),
  UNCLAIMED("unclaimed"),
  DNS_TOO_SHORT("dns_too_short"),
  DNS_NO_QUESTION("dns_no_question"),
  DNS_BAD_NAME("dns_bad_name"),
  DNS_BAD_POINTER("dns_bad_pointer"),
  DNS_RECORD_TRUNCATED("dns_record_truncated"),
  DNS_OPCODE_UNSUPPORTED("dns_opcode_unsupported"),
  DNS_TCP_BAD_LENGTH("dns_tcp_bad_length"),
  DNS_TCP_GAP("dns_tcp_gap"),
  DNS_TCP_FLOW_EVICTED("dns_tcp_flow_evicted"),
  DNS_BAD_ANSWER("dns_bad_answer"),
  BAD_TIMESTAMP("bad_timestamp"),
  FILE_TRUNCATED("file_truncated"),
  FILE_CORRUPT("file_corrupt"),
  FILE_UNKNOWN_INTERFACE("file_unknown_interface");

  private final String label;

  Rejection(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }
}
