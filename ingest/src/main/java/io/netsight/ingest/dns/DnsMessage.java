package io.netsight.ingest.dns;

/**
 * The parts of a DNS message the pairing needs, decoded in place: header, first question, EDNS OPT, and where the
 * answer section starts (answers are decoded only for the copy that completes a transaction). Mutable and reused.
 */
public final class DnsMessage {

  public int id;
  public boolean response;
  public int opcode;
  public boolean truncated;
  /** The 4-bit header RCODE. */
  public int headerRcode;
  public int questionCount;
  public int answerCount;
  public String qname;
  public int qtype;
  public boolean edns;
  /** The UDP payload size of the OPT record (its CLASS field). */
  public int ednsUdpSize;
  /** The upper 8 bits of the extended RCODE (the OPT record's TTL, high byte). */
  public int ednsExtendedRcode;
  byte[] data;
  int start;
  int end;
  int answersOffset;

  /** The full response code: the EDNS extended bits above the header's four (RFC 6891 6.1.3). */
  public int rcode() {
    return (ednsExtendedRcode << 4) | headerRcode;
  }
}
