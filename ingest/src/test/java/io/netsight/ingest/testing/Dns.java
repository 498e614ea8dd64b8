package io.netsight.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages for unit tests (RFC 1035 wire format), with or without compression. */
public final class Dns {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int id;
  private int flags;
  private int qd;
  private int an;
  private int ns;
  private int ar;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  private Dns(int id, int flags) {
    this.id = id;
    this.flags = flags;
  }

  public static Dns query(int id) {
    return new Dns(id, 0x0100);
  }

  public static Dns response(int id, int rcode) {
    return new Dns(id, 0x8180 | rcode);
  }

  public Dns flags(int flags) {
    this.flags = flags;
    return this;
  }

  public Dns question(String name, int type) {
    name(name);
    u16(type);
    u16(1);
    qd++;
    return this;
  }

  /** An answer whose owner is a compression pointer to offset 12 (the question name). */
  public Dns answerPointingAtQuestion(int type, int ttl, byte[] rdata) {
    u16(0xc00c);
    rr(type, ttl, rdata);
    an++;
    return this;
  }

  public Dns answer(String owner, int type, int ttl, byte[] rdata) {
    name(owner);
    rr(type, ttl, rdata);
    an++;
    return this;
  }

  /** An OPT pseudo-record in the additional section. */
  public Dns opt(int udpSize, int extendedRcode) {
    body.write(0);
    u16(41);
    u16(udpSize);
    body.write(extendedRcode);
    body.write(0);
    u16(0);
    u16(0);
    ar++;
    return this;
  }

  /** Raw bytes appended to the body (for broken messages), with the header counts as given. */
  public Dns raw(byte[] bytes) {
    body.writeBytes(bytes);
    return this;
  }

  public Dns counts(int qd, int an, int ns, int ar) {
    this.qd = qd;
    this.an = an;
    this.ns = ns;
    this.ar = ar;
    return this;
  }

  public int length() {
    return 12 + body.size();
  }

  public byte[] build() {
    out.reset();
    for (int v : new int[] {id, flags, qd, an, ns, ar}) {
      out.write(v >>> 8);
      out.write(v);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private void rr(int type, int ttl, byte[] rdata) {
    u16(type);
    u16(1);
    u16(ttl >>> 16);
    u16(ttl);
    u16(rdata.length);
    body.writeBytes(rdata);
  }

  public static byte[] nameBytes(String name) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (!name.isEmpty() && !name.equals(".")) {
      for (String label : name.split("\\.")) {
        byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
        b.write(l.length);
        b.writeBytes(l);
      }
    }
    b.write(0);
    return b.toByteArray();
  }

  private void name(String name) {
    body.writeBytes(nameBytes(name));
  }

  private void u16(int v) {
    body.write(v >>> 8);
    body.write(v);
  }
}
