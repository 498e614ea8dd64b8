package io.netsight.ingest.kernel;

/**
 * The header of one {@code /dev/kmsg} record, {@code prio,seq,usec,flags[,more];text\n[ KEY=value\n...]}
 * (Documentation/ABI/testing/dev-kmsg): the text runs to the first newline; the lines after it, each starting with a
 * space, are the record's dictionary (SUBSYSTEM=, DEVICE=) and are not part of the message. Parsed in place from the
 * read buffer into this reusable holder, without allocating.
 */
public final class KmsgRecord {

  public int priority;
  public long sequence;
  /** Microseconds since boot on the printk clock. */
  public long micros;
  public byte flags;
  public int textStart;
  public int textEnd;
  private long parsed;

  /**
   * Parses the record in {@code b[off, off+len)}; false (holder unchanged in meaning) when the header is malformed.
   */
  public boolean parse(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    i = number(b, i, end);
    if (i < 0 || i >= end || b[i] != ',') {
      return false;
    }
    priority = (int) Math.min(parsed, Integer.MAX_VALUE);
    i = number(b, i + 1, end);
    if (i < 0 || i >= end || b[i] != ',') {
      return false;
    }
    sequence = parsed;
    i = number(b, i + 1, end);
    if (i < 0 || i >= end || b[i] != ',') {
      return false;
    }
    micros = parsed;
    i++;
    if (i >= end) {
      return false;
    }
    flags = b[i];
    // Later kernels may add fields after the flags (",caller=..."): skip to the ';'.
    while (i < end && b[i] != ';') {
      if (b[i] == '\n') {
        return false;
      }
      i++;
    }
    if (i >= end) {
      return false;
    }
    textStart = i + 1;
    int j = textStart;
    while (j < end && b[j] != '\n') {
      j++;
    }
    textEnd = j;
    return true;
  }

  /** Parses a decimal number at {@code i}; returns the index after it, or -1 when there is none or it overflows. */
  private int number(byte[] b, int i, int end) {
    int start = i;
    long v = 0;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      if (v > (Long.MAX_VALUE - 9) / 10) {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
      i++;
    }
    if (i == start) {
      return -1;
    }
    parsed = v;
    return i;
  }
}
