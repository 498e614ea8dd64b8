package io.netsight.ingest.pcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * A refillable window on a stream: records are read in place from {@link #buf} at {@link #pos} (no copy per packet).
 * The buffer grows for a record larger than it, up to a bound the reader checks before asking.
 */
final class ByteSource {

  private static final int INITIAL = 1 << 20;

  private final InputStream in;
  byte[] buf = new byte[INITIAL];
  int pos;
  int lim;
  private long consumedBefore;
  private boolean eof;

  ByteSource(InputStream in) {
    this.in = in;
  }

  /**
   * Makes {@code n} bytes available at {@link #pos}. False at the end of the stream before {@code n} bytes; then
   * {@link #available()} says how many there were.
   */
  boolean ensure(int n) throws IOException {
    if (lim - pos >= n) {
      return true;
    }
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      consumedBefore += pos;
      lim -= pos;
      pos = 0;
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, buf.length * 2)];
      System.arraycopy(buf, 0, bigger, 0, lim);
      buf = bigger;
    }
    while (lim < n) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
        return false;
      }
      lim += r;
    }
    return true;
  }

  int available() {
    return lim - pos;
  }

  void skip(int n) {
    pos += n;
  }

  /** Bytes consumed from the stream so far (for progress). */
  long position() {
    return consumedBefore + pos;
  }
}
