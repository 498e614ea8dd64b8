package io.netsight.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pcap and pcapng bytes for unit tests. */
public final class CaptureFileWriter {

  private CaptureFileWriter() {
  }

  /** A classic pcap file. */
  public static final class Pcap {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nanos;

    public Pcap(int linkType, ByteOrder order, boolean nanos) {
      this.order = order;
      this.nanos = nanos;
      ByteBuffer h = ByteBuffer.allocate(24).order(order);
      h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
          .putInt(262144).putInt(linkType);
      out.writeBytes(h.array());
    }

    public Pcap packet(long micros, byte[] frame) {
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      r.putInt((int) (micros / 1_000_000)).putInt((int) (nanos ? micros % 1_000_000 * 1000 : micros % 1_000_000))
          .putInt(frame.length).putInt(frame.length);
      out.writeBytes(r.array());
      out.writeBytes(frame);
      return this;
    }

    public byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A pcapng file: one section; interfaces and packets in the order added. */
  public static final class Pcapng {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    public Pcapng(ByteOrder order) {
      this.order = order;
      ByteBuffer body = buf(16);
      body.putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1L);
      block(0x0a0d0d0a, body.array());
    }

    /** An interface; {@code tsresol} is the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n), or -1 for none. */
    public Pcapng iface(int linkType, String name, int tsresol) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ByteBuffer fixed = buf(8);
      fixed.putShort((short) linkType).putShort((short) 0).putInt(262144);
      b.writeBytes(fixed.array());
      if (name != null) {
        option(b, 2, name.getBytes(StandardCharsets.UTF_8));
      }
      if (tsresol >= 0) {
        option(b, 9, new byte[] {(byte) tsresol});
      }
      option(b, 0, new byte[0]);
      block(1, b.toByteArray());
      return this;
    }

    /** An enhanced packet; {@code direction} 0 none, 1 inbound, 2 outbound. */
    public Pcapng epb(int ifId, long ts, byte[] frame, int direction) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ByteBuffer fixed = buf(20);
      fixed.putInt(ifId).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(frame.length).putInt(frame.length);
      b.writeBytes(fixed.array());
      b.writeBytes(frame);
      b.writeBytes(new byte[(4 - frame.length % 4) % 4]);
      if (direction != 0) {
        option(b, 2, buf(4).putInt(direction).array());
        option(b, 0, new byte[0]);
      }
      block(6, b.toByteArray());
      return this;
    }

    public Pcapng spb(byte[] frame) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(buf(4).putInt(frame.length).array());
      b.writeBytes(frame);
      b.writeBytes(new byte[(4 - frame.length % 4) % 4]);
      block(3, b.toByteArray());
      return this;
    }

    /** A block netsight does not read (a name resolution block), to be skipped. */
    public Pcapng other() {
      block(4, new byte[4]);
      return this;
    }

    public byte[] bytes() {
      return out.toByteArray();
    }

    private void option(ByteArrayOutputStream b, int code, byte[] value) {
      b.writeBytes(buf(4).putShort((short) code).putShort((short) value.length).array());
      b.writeBytes(value);
      b.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }

    private void block(int type, byte[] body) {
      int len = 12 + body.length;
      out.writeBytes(buf(8).putInt(type).putInt(len).array());
      out.writeBytes(body);
      out.writeBytes(buf(4).putInt(len).array());
    }

    private ByteBuffer buf(int n) {
      return ByteBuffer.allocate(n).order(order);
    }
  }
}
