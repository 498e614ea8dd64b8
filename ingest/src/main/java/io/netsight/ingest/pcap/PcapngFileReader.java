package io.netsight.ingest.pcap;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.packet.Rejection;
import io.netsight.schema.v1.PacketDirection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pcapng: sections (SHB, each with its own byte order), interfaces (IDB: link type, if_name, if_tsresol,
 * if_tsoffset), enhanced, simple and obsolete packet blocks (EPB, SPB, PB) with the epb_flags direction. Other
 * blocks (name resolution, statistics, custom) are skipped.
 */
final class PcapngFileReader implements CaptureFileReader {

  private static final Logger LOG = LoggerFactory.getLogger(PcapngFileReader.class);
  static final int SHB = 0x0a0d0d0a;
  private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
  private static final int IDB = 1;
  private static final int PB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;
  private static final int MAX_BLOCK = 1 << 26;

  private record Interface(int linkType, String name, boolean decimal, int resolution, long offsetSeconds) {
  }

  private final String name;
  private final InputStream in;
  private final ByteSource src;
  private final IngestMetrics metrics;
  private final List<Interface> interfaces = new ArrayList<>();
  private final List<String> linkTypesSeen = new ArrayList<>();
  private boolean littleEndian;
  private boolean done;
  private boolean warnedUnknownInterface;

  private PcapngFileReader(String name, InputStream in, ByteSource src, IngestMetrics metrics) {
    this.name = name;
    this.in = in;
    this.src = src;
    this.metrics = metrics;
  }

  static PcapngFileReader open(String name, InputStream in, ByteSource src, IngestMetrics metrics)
      throws IOException {
    if (!src.ensure(12)) {
      throw new CaptureFileException(name + ": too short for a pcapng section header block");
    }
    int le = (int) Bytes.u32le(src.buf, src.pos + 8);
    int be = (int) Bytes.u32(src.buf, src.pos + 8);
    if (le != BYTE_ORDER_MAGIC && be != BYTE_ORDER_MAGIC) {
      throw new CaptureFileException(name + ": pcapng section header without a valid byte-order magic");
    }
    return new PcapngFileReader(name, in, src, metrics);
  }

  @Override
  public boolean next(CapturedPacket out) {
    try {
      while (!done) {
        if (!src.ensure(12)) {
          if (src.available() != 0) {
            metrics.reject(Rejection.FILE_TRUNCATED);
            return end("a truncated block header");
          }
          return end(null);
        }
        byte[] b = src.buf;
        int p = src.pos;
        int type = (int) Bytes.u32le(b, p); // SHB's type reads the same in both orders
        if (type == SHB) {
          int bom = (int) Bytes.u32le(b, p + 8);
          if (bom == BYTE_ORDER_MAGIC) {
            littleEndian = true;
          } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            littleEndian = false;
          } else {
            metrics.reject(Rejection.FILE_CORRUPT);
            return end("a section header with a bad byte-order magic");
          }
          interfaces.clear(); // interface ids are per section
        } else {
          type = (int) u32(b, p);
        }
        long length = u32(b, p + 4);
        if (length < 12 || length % 4 != 0 || length > MAX_BLOCK) {
          metrics.reject(Rejection.FILE_CORRUPT);
          return end("a block of impossible length " + length + " (damaged file)");
        }
        int len = (int) length;
        if (!src.ensure(len)) {
          metrics.reject(Rejection.FILE_TRUNCATED);
          return end("a truncated last block");
        }
        b = src.buf;
        p = src.pos;
        boolean packet = switch (type) {
          case IDB -> {
            interfaceBlock(b, p, len);
            yield false;
          }
          case EPB -> enhancedPacket(b, p, len, out);
          case SPB -> simplePacket(b, p, len, out);
          case PB -> obsoletePacket(b, p, len, out);
          default -> false;
        };
        src.skip(len);
        if (packet) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return end("a read error: " + e.getMessage());
    }
  }

  private void interfaceBlock(byte[] b, int p, int len) {
    if (len < 20) {
      metrics.reject(Rejection.FILE_CORRUPT);
      interfaces.add(new Interface(-1, null, true, 6, 0));
      return;
    }
    int linkType = u16(b, p + 8);
    String ifName = null;
    boolean decimal = true;
    int resolution = 6;
    long offset = 0;
    int o = p + 16;
    int end = p + len - 4;
    while (o + 4 <= end) {
      int code = u16(b, o);
      int olen = u16(b, o + 2);
      if (code == 0 || o + 4 + olen > end) {
        break;
      }
      int v = o + 4;
      switch (code) {
        case 2 -> ifName = new String(b, v, olen, StandardCharsets.UTF_8).replace("\0", "");
        case 9 -> {
          if (olen >= 1) {
            int r = b[v] & 0xff;
            decimal = (r & 0x80) == 0;
            resolution = r & 0x7f;
          }
        }
        case 14 -> {
          if (olen >= 8) {
            offset = littleEndian ? (Bytes.u32le(b, v) | (Bytes.u32le(b, v + 4) << 32)) : Bytes.u64(b, v);
          }
        }
        default -> {
          // other interface options are not needed
        }
      }
      o = v + ((olen + 3) & ~3);
    }
    interfaces.add(new Interface(linkType, ifName, decimal, resolution, offset));
    if (!LinkType.supported(linkType)) {
      LOG.warn("{}: interface {}{} has {}, which netsight does not decode; its packets are counted and skipped",
          name, interfaces.size() - 1, ifName == null ? "" : " (" + ifName + ")", LinkType.name(linkType));
    }
    linkTypesSeen.add(LinkType.name(linkType));
  }

  private boolean enhancedPacket(byte[] b, int p, int len, CapturedPacket out) {
    if (len < 32) {
      metrics.reject(Rejection.FILE_CORRUPT);
      return false;
    }
    long ifId = u32(b, p + 8);
    long ts = (u32(b, p + 12) << 32) | u32(b, p + 16);
    long caplen = u32(b, p + 20);
    long origlen = u32(b, p + 24);
    if (caplen > len - 32) {
      metrics.reject(Rejection.FILE_CORRUPT);
      return false;
    }
    Interface iface = iface(ifId);
    if (iface == null) {
      return false;
    }
    out.set(micros(iface, ts), iface.linkType(), b, p + 28, (int) caplen, (int) Math.min(origlen, Integer.MAX_VALUE));
    out.interfaceName = iface.name();
    // epb_flags (option 2): bits 0-1 are the direction, 01 inbound, 10 outbound.
    int o = p + 28 + (((int) caplen + 3) & ~3);
    int end = p + len - 4;
    while (o + 4 <= end) {
      int code = u16(b, o);
      int olen = u16(b, o + 2);
      if (code == 0 || o + 4 + olen > end) {
        break;
      }
      if (code == 2 && olen == 4) {
        long flags = u32(b, o + 4);
        out.direction = (flags & 3) == 1 ? PacketDirection.INCOMING
            : (flags & 3) == 2 ? PacketDirection.OUTGOING : PacketDirection.UNKNOWN;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    return true;
  }

  private boolean simplePacket(byte[] b, int p, int len, CapturedPacket out) {
    if (len < 16) {
      metrics.reject(Rejection.FILE_CORRUPT);
      return false;
    }
    Interface iface = iface(0);
    if (iface == null) {
      return false;
    }
    long origlen = u32(b, p + 8);
    int caplen = (int) Math.min(origlen, len - 16);
    // A simple packet block has no timestamp: it takes the time of the packet before it, as Wireshark shows it.
    out.set(out.timestampMicros, iface.linkType(), b, p + 12, caplen, (int) Math.min(origlen, Integer.MAX_VALUE));
    out.interfaceName = iface.name();
    return true;
  }

  private boolean obsoletePacket(byte[] b, int p, int len, CapturedPacket out) {
    if (len < 32) {
      metrics.reject(Rejection.FILE_CORRUPT);
      return false;
    }
    Interface iface = iface(u16(b, p + 8));
    if (iface == null) {
      return false;
    }
    long ts = (u32(b, p + 12) << 32) | u32(b, p + 16);
    long caplen = u32(b, p + 20);
    long origlen = u32(b, p + 24);
    if (caplen > len - 32) {
      metrics.reject(Rejection.FILE_CORRUPT);
      return false;
    }
    out.set(micros(iface, ts), iface.linkType(), b, p + 28, (int) caplen, (int) Math.min(origlen, Integer.MAX_VALUE));
    out.interfaceName = iface.name();
    return true;
  }

  private Interface iface(long id) {
    if (id < 0 || id >= interfaces.size()) {
      metrics.reject(Rejection.FILE_UNKNOWN_INTERFACE);
      if (!warnedUnknownInterface) {
        warnedUnknownInterface = true;
        LOG.warn("{}: a packet names interface {} but the section declares {}; such packets are skipped", name, id,
            interfaces.size());
      }
      return null;
    }
    return interfaces.get((int) id);
  }

  /** Converts a timestamp in the interface's units (10^-n or 2^-n seconds) to microseconds since the epoch. */
  static long micros(boolean decimal, int resolution, long offsetSeconds, long ts) {
    long micros;
    if (decimal) {
      if (resolution == 6) {
        micros = ts;
      } else if (resolution < 6) {
        micros = ts * POW10[6 - resolution];
      } else {
        micros = resolution - 6 < POW10.length ? Long.divideUnsigned(ts, POW10[resolution - 6]) : 0;
      }
    } else {
      int n = resolution;
      long t = ts;
      if (n > 43) {
        t = t >>> (n - 43); // keeps the product below 2^63; sub-2^-43 s precision is noise
        n = 43;
      }
      micros = (t >>> n) * 1_000_000L + (((t & ((1L << n) - 1)) * 1_000_000L) >>> n);
    }
    return micros + offsetSeconds * 1_000_000L;
  }

  private static long micros(Interface i, long ts) {
    return micros(i.decimal(), i.resolution(), i.offsetSeconds(), ts);
  }

  private static final long[] POW10 = {
      1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
      10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
      1_000_000_000_000_000L, 1_000_000_000_000_000_000L};

  private boolean end(String why) {
    done = true;
    if (why != null) {
      LOG.warn("{}: stopped at {} after byte {}; the packets before it are used", name, why, src.position());
    }
    return false;
  }

  private long u32(byte[] b, int off) {
    return littleEndian ? Bytes.u32le(b, off) : Bytes.u32(b, off);
  }

  private int u16(byte[] b, int off) {
    return littleEndian ? Bytes.u16le(b, off) : Bytes.u16(b, off);
  }

  @Override
  public String format() {
    return "pcapng (" + (linkTypesSeen.isEmpty() ? "no interface yet" : String.join(", ", linkTypesSeen)) + ")";
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
