package io.netsight.ingest.dns;

import io.netsight.schema.CanonicalIp;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import io.netsight.ingest.packet.Rejection;
import io.netsight.schema.v1.DnsAnswer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes DNS messages (RFC 1035) on byte offsets: the header, the first question, every resource record's bounds
 * (so a message that lies about its counts is rejected), the EDNS OPT record, and on request the answers. Names are
 * lowercased and escaped like dig prints them ({@code \.}, {@code \DDD}); compression pointers must point strictly
 * backwards of the previous jump, which bounds every walk (no loops) and keeps it inside the message.
 *
 * <p>Hand-written rather than a library: it runs for every captured DNS packet, allocates only the question name,
 * and reports a reason instead of throwing. One instance per capture thread (it reuses a name buffer).
 */
public final class DnsMessageDecoder {

  private static final int HEADER = 12;
  private static final int MAX_NAME_WIRE = 255;
  private static final int MAX_JUMPS = 127;
  private static final int NAME_ERROR_TRUNCATED = -1;
  private static final int NAME_ERROR_BAD = -2;
  private static final int NAME_ERROR_POINTER = -3;

  /** Escaped text of the last name read: at most 255 wire bytes, each escaped to at most 4 characters. */
  private final byte[] text = new byte[MAX_NAME_WIRE * 4 + 2];
  private int textLength;

  /** Decodes a message; null when it is usable, else why not. */
  public Rejection decode(byte[] b, int off, int len, DnsMessage m) {
    if (len < HEADER || off < 0 || off + len > b.length) {
      return Rejection.DNS_TOO_SHORT;
    }
    int end = off + len;
    int flags = Bytes.u16(b, off + 2);
    m.data = b;
    m.start = off;
    m.end = end;
    m.id = Bytes.u16(b, off);
    m.response = (flags & 0x8000) != 0;
    m.opcode = (flags >>> 11) & 0xf;
    m.truncated = (flags & 0x0200) != 0;
    m.headerRcode = flags & 0xf;
    m.questionCount = Bytes.u16(b, off + 4);
    m.answerCount = Bytes.u16(b, off + 6);
    int authorityCount = Bytes.u16(b, off + 8);
    int additionalCount = Bytes.u16(b, off + 10);
    m.edns = false;
    m.ednsUdpSize = 0;
    m.ednsExtendedRcode = 0;
    m.qname = null;
    if (m.opcode != 0) {
      return Rejection.DNS_OPCODE_UNSUPPORTED; // NOTIFY, UPDATE...: not lookups
    }
    if (m.questionCount == 0) {
      return Rejection.DNS_NO_QUESTION;
    }
    int p = off + HEADER;
    for (int q = 0; q < m.questionCount; q++) {
      int after = readName(b, off, end, p, q == 0);
      if (after < 0) {
        return nameRejection(after);
      }
      if (end - after < 4) {
        return Rejection.DNS_RECORD_TRUNCATED;
      }
      if (q == 0) {
        m.qname = textString();
        m.qtype = Bytes.u16(b, after);
      }
      p = after + 4;
    }
    m.answersOffset = p;
    int records = m.answerCount + authorityCount + additionalCount;
    for (int r = 0; r < records; r++) {
      int after = skipName(b, end, p);
      if (after < 0) {
        return nameRejection(after);
      }
      if (end - after < 10) {
        return Rejection.DNS_RECORD_TRUNCATED;
      }
      int type = Bytes.u16(b, after);
      int rdLength = Bytes.u16(b, after + 8);
      if (end - after - 10 < rdLength) {
        return Rejection.DNS_RECORD_TRUNCATED;
      }
      if (type == DnsTypes.OPT && r >= m.answerCount + authorityCount) {
        m.edns = true;
        m.ednsUdpSize = Bytes.u16(b, after + 2);
        m.ednsExtendedRcode = Bytes.u8(b, after + 4);
      }
      p = after + 10 + rdLength;
    }
    return null;
  }

  /**
   * Decodes the answer section of a message {@link #decode} accepted: A, AAAA and CNAME records in wire order; every
   * record counted by type. A record that cannot be decoded ends the list and is counted as {@code dns_bad_answer}.
   */
  public List<DnsAnswer> answers(DnsMessage m, IngestMetrics metrics) {
    List<DnsAnswer> out = new ArrayList<>(Math.min(m.answerCount, 16));
    byte[] b = m.data;
    int p = m.answersOffset;
    for (int i = 0; i < m.answerCount; i++) {
      int after = readName(b, m.start, m.end, p, true);
      if (after < 0 || m.end - after < 10) {
        metrics.reject(Rejection.DNS_BAD_ANSWER);
        break;
      }
      String owner = textString();
      int type = Bytes.u16(b, after);
      long ttl = Bytes.u32(b, after + 4);
      int rdLength = Bytes.u16(b, after + 8);
      int rdata = after + 10;
      metrics.answerType(DnsTypes.label(type));
      if (type == DnsTypes.A && rdLength == 4) {
        out.add(new DnsAnswer(owner, "A", ttl, CanonicalIp.ipv4(b, rdata)));
      } else if (type == DnsTypes.AAAA && rdLength == 16) {
        out.add(new DnsAnswer(owner, "AAAA", ttl, CanonicalIp.ipv6(b, rdata)));
      } else if (type == DnsTypes.CNAME) {
        if (readName(b, m.start, m.end, rdata, true) < 0) {
          metrics.reject(Rejection.DNS_BAD_ANSWER);
          break;
        }
        out.add(new DnsAnswer(owner, "CNAME", ttl, textString()));
      }
      p = rdata + rdLength;
    }
    return out;
  }

  private static Rejection nameRejection(int code) {
    return code == NAME_ERROR_TRUNCATED ? Rejection.DNS_RECORD_TRUNCATED
        : code == NAME_ERROR_POINTER ? Rejection.DNS_BAD_POINTER : Rejection.DNS_BAD_NAME;
  }

  /** Skips a name where it is written (a pointer ends it): the position after it, or a negative error. */
  private static int skipName(byte[] b, int end, int p) {
    int wire = 0;
    while (true) {
      if (p >= end) {
        return NAME_ERROR_TRUNCATED;
      }
      int len = b[p] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        return p + 2 <= end ? p + 2 : NAME_ERROR_TRUNCATED;
      }
      if ((len & 0xc0) != 0) {
        return NAME_ERROR_BAD;
      }
      if (len == 0) {
        return p + 1;
      }
      wire += len + 1;
      if (wire > MAX_NAME_WIRE) {
        return NAME_ERROR_BAD;
      }
      p += len + 1;
    }
  }

  /**
   * Reads the name at {@code p}, following compression pointers, into {@link #text} when {@code keepText}. Returns
   * the position after the name where it is written, or a negative error.
   */
  private int readName(byte[] b, int msgStart, int end, int p, boolean keepText) {
    int after = -1;
    int wire = 0;
    int jumps = 0;
    int lastTarget = p;
    textLength = 0;
    while (true) {
      if (p >= end) {
        return NAME_ERROR_TRUNCATED;
      }
      int len = b[p] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        if (p + 1 >= end) {
          return NAME_ERROR_TRUNCATED;
        }
        int target = msgStart + (((len & 0x3f) << 8) | (b[p + 1] & 0xff));
        // Strictly before the previous jump target: a chain of pointers cannot loop and stays in the message.
        if (target >= lastTarget || ++jumps > MAX_JUMPS) {
          return NAME_ERROR_POINTER;
        }
        if (after < 0) {
          after = p + 2;
        }
        lastTarget = target;
        p = target;
        continue;
      }
      if ((len & 0xc0) != 0) {
        return NAME_ERROR_BAD; // 0x40 / 0x80 label types are obsolete or unassigned
      }
      if (len == 0) {
        if (keepText && textLength == 0) {
          text[textLength++] = '.';
        }
        return after >= 0 ? after : p + 1;
      }
      wire += len + 1;
      if (wire > MAX_NAME_WIRE) {
        return NAME_ERROR_BAD;
      }
      if (end - p - 1 < len) {
        return NAME_ERROR_TRUNCATED;
      }
      if (keepText) {
        if (textLength > 0) {
          text[textLength++] = '.';
        }
        for (int i = p + 1; i <= p + len; i++) {
          int c = b[i] & 0xff;
          if (c >= 'A' && c <= 'Z') {
            text[textLength++] = (byte) (c + 32);
          } else if (c == '.' || c == '\\') {
            text[textLength++] = '\\';
            text[textLength++] = (byte) c;
          } else if (c <= 0x20 || c >= 0x7f) {
            text[textLength++] = '\\';
            text[textLength++] = (byte) ('0' + c / 100);
            text[textLength++] = (byte) ('0' + c / 10 % 10);
            text[textLength++] = (byte) ('0' + c % 10);
          } else {
            text[textLength++] = (byte) c;
          }
        }
      }
      p += len + 1;
    }
  }

  private String textString() {
    return new String(text, 0, textLength, StandardCharsets.ISO_8859_1);
  }
}
