package io.netsight.ingest.conntrack;

/**
 * Why a line of conntrack output or a stats sample did not become a record; label values of
 * {@code netsight_conntrack_rejected_total{reason=...}}.
 */
public enum ConntrackRejection {
  /** Not a flow line (a banner, an expectation, a cut line). */
  NOT_A_FLOW("not_a_flow"),
  /** A tuple lacks its source or destination, or an address is not an IP. */
  BAD_TUPLE("bad_tuple"),
  /** A number (port, counter, timestamp, id) that is not a number in range. */
  BAD_NUMBER("bad_number"),
  /** A /proc/net/stat/nf_conntrack sample without its header or with rows that do not match it. */
  BAD_STATS("bad_stats");

  private final String label;

  ConntrackRejection(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
