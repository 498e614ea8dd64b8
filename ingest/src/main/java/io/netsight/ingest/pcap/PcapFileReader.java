package io.netsight.ingest.pcap;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.packet.Rejection;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The classic libpcap format: microsecond or nanosecond magic, either byte order, one link type per file. */
final class PcapFileReader implements CaptureFileReader {

  private static final Logger LOG = LoggerFactory.getLogger(PcapFileReader.class);
  static final int MAGIC_MICROS = 0xa1b2c3d4;
  static final int MAGIC_NANOS = 0xa1b23c4d;
  /** Far above any snap length (262144 is tcpdump's): a larger record length means a damaged file. */
  private static final int MAX_RECORD = 1 << 24;

  private final String name;
  private final ByteSource src;
  private final InputStream in;
  private final IngestMetrics metrics;
  private final boolean littleEndian;
  private final boolean nanos;
  private final int linkType;
  private boolean done;

  private PcapFileReader(String name, InputStream in, ByteSource src, IngestMetrics metrics, boolean littleEndian,
      boolean nanos, int linkType) {
    this.name = name;
    this.in = in;
    this.src = src;
    this.metrics = metrics;
    this.littleEndian = littleEndian;
    this.nanos = nanos;
    this.linkType = linkType;
  }

  static PcapFileReader open(String name, InputStream in, ByteSource src, IngestMetrics metrics) throws IOException {
    if (!src.ensure(24)) {
      throw new CaptureFileException(name + ": a pcap file header is 24 bytes, the file has " + src.available());
    }
    byte[] b = src.buf;
    int be = (int) Bytes.u32(b, src.pos);
    int le = (int) Bytes.u32le(b, src.pos);
    boolean littleEndian = le == MAGIC_MICROS || le == MAGIC_NANOS;
    boolean nanos = (littleEndian ? le : be) == MAGIC_NANOS;
    long network = littleEndian ? Bytes.u32le(b, src.pos + 20) : Bytes.u32(b, src.pos + 20);
    int linkType = (int) (network & 0x03ffffff); // the upper bits may carry the FCS length
    if (!LinkType.supported(linkType)) {
      throw new CaptureFileException(name + ": link type " + linkType + " is not supported (netsight reads "
          + "Ethernet, Linux cooked v1/v2, raw IPv4/IPv6 and BSD loopback captures)");
    }
    src.skip(24);
    return new PcapFileReader(name, in, src, metrics, littleEndian, nanos, linkType);
  }

  @Override
  public boolean next(CapturedPacket out) {
    if (done) {
      return false;
    }
    try {
      if (!src.ensure(16)) {
        return end(src.available() == 0 ? null : "a truncated record header");
      }
      byte[] b = src.buf;
      int p = src.pos;
      long sec = u32(b, p);
      long frac = u32(b, p + 4);
      long incl = u32(b, p + 8);
      long orig = u32(b, p + 12);
      if (incl > MAX_RECORD) {
        metrics.reject(Rejection.FILE_CORRUPT);
        return end("a record claiming " + incl + " bytes (damaged file)");
      }
      if (!src.ensure(16 + (int) incl)) {
        metrics.reject(Rejection.FILE_TRUNCATED);
        return end("a truncated last record");
      }
      long micros = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
      out.set(micros, linkType, src.buf, src.pos + 16, (int) incl, (int) Math.min(orig, Integer.MAX_VALUE));
      src.skip(16 + (int) incl);
      return true;
    } catch (IOException e) {
      return end("a read error: " + e.getMessage());
    }
  }

  private boolean end(String why) {
    done = true;
    if (why != null) {
      if (why.startsWith("a truncated record header")) {
        metrics.reject(Rejection.FILE_TRUNCATED);
      }
      LOG.warn("{}: stopped at {} after byte {}; the packets before it are used", name, why, src.position());
    }
    return false;
  }

  private long u32(byte[] b, int off) {
    return littleEndian ? Bytes.u32le(b, off) : Bytes.u32(b, off);
  }

  @Override
  public String format() {
    return "pcap (" + (nanos ? "nanoseconds" : "microseconds") + ", " + (littleEndian ? "little" : "big")
        + "-endian, " + LinkType.name(linkType) + ")";
  }

  @Override
  public long position() {
    return src.position();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", name, e.toString());
    }
  }
}
