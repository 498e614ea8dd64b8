package io.netsight.ingest.conntrack;

import io.netsight.schema.CanonicalIp;
import io.netsight.schema.Micros;
import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackEventType;
import io.netsight.schema.v1.ConntrackTuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text lines of {@code conntrack -E -o timestamp,extended,id} (conntrack-tools 1.4):
 * <pre>
 * [1795691156.551773]	    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.89.1.2 dst=10.96.0.10 sport=50026
 *     dport=53 [UNREPLIED] src=10.89.2.11 dst=10.89.1.2 sport=53 dport=50026 id=3936306075
 * [1795691157.061933]	[DESTROY] ipv4     2 tcp      6 1 TIME_WAIT src=... packets=4 bytes=216 src=... packets=2
 *     bytes=112 [ASSURED] delta-time=1 id=3936306075 [USERSPACE] portid=2746531225
 * </pre>
 * The first {@code src=} opens the original tuple, the second the reply tuple, so for a DNATed Service connection
 * the original destination is the ClusterIP and the reply source the backend. {@code packets=}/{@code bytes=} belong
 * to the tuple they follow (present with {@code nf_conntrack_acct=1}, on DESTROY), {@code delta-time=} is the
 * lifetime (with {@code nf_conntrack_timestamp=1}). Lines without the extended or timestamp parts ({@code conntrack
 * -E}, {@code -L}) parse too. The text format is chosen over {@code -o xml} because the XML event stream has only
 * second-resolution local-time {@code <when>} stamps, is several times larger per event, and is not even well-formed
 * as a stream (conntrack appends {@code [USERSPACE] portid=...} after the closing tag).
 */
public final class ConntrackEventParser {

  /** Compiled once: String.split with a regex compiles it for every event. */
  private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \\t]+");

  /** A parsed event or why the line was rejected. */
  public record Result(ConntrackEvent event, ConntrackRejection rejection) {

    static Result rejected(ConntrackRejection r) {
      return new Result(null, r);
    }
  }

  private static final class Tuple {
    String src;
    String dst;
    Integer sport;
    Integer dport;
    Integer type;
    Integer code;
    Integer icmpId;
    Long packets;
    Long bytes;

    ConntrackTuple build() {
      return ConntrackTuple.newBuilder().setSrcIp(src).setDstIp(dst).setSrcPort(sport).setDstPort(dport)
          .setIcmpType(type).setIcmpCode(code).setIcmpId(icmpId).setPackets(packets).setBytes(bytes).build();
    }
  }

  /**
   * @param line              one output line
   * @param readTimeMicros    the time to use when the line carries no {@code [seconds.micros]} stamp
   * @param node              the node name for the record
   */
  public Result parse(String line, long readTimeMicros, String node) {
    String[] tokens = BLANKS.split(line.strip());
    int i = 0;
    long ts = readTimeMicros;
    if (i < tokens.length && isBracketed(tokens[i]) && isTimestamp(tokens[i])) {
      long t = timestamp(tokens[i]);
      if (t == Long.MIN_VALUE) {
        return Result.rejected(ConntrackRejection.BAD_NUMBER);
      }
      ts = t;
      i++;
    }
    ConntrackEventType type = ConntrackEventType.UNKNOWN;
    if (i < tokens.length && isBracketed(tokens[i])) {
      switch (tokens[i]) {
        case "[NEW]" -> type = ConntrackEventType.NEW;
        case "[UPDATE]" -> type = ConntrackEventType.UPDATE;
        case "[DESTROY]" -> type = ConntrackEventType.DESTROY;
        default -> {
          return Result.rejected(ConntrackRejection.NOT_A_FLOW);
        }
      }
      i++;
    }
    // "ipv4 2" (extended) is optional
    if (i + 1 < tokens.length && (tokens[i].equals("ipv4") || tokens[i].equals("ipv6")) && isDigits(tokens[i + 1])) {
      i += 2;
    }
    if (i + 1 >= tokens.length || tokens[i].indexOf('=') >= 0 || !isDigits(tokens[i + 1])) {
      return Result.rejected(ConntrackRejection.NOT_A_FLOW);
    }
    String proto = tokens[i];
    long protoNumber = number(tokens[i + 1], 255);
    if (protoNumber < 0) {
      return Result.rejected(ConntrackRejection.BAD_NUMBER);
    }
    i += 2;
    Long timeout = null;
    if (i < tokens.length && isDigits(tokens[i])) {
      timeout = number(tokens[i], Long.MAX_VALUE / 2);
      if (timeout < 0) {
        return Result.rejected(ConntrackRejection.BAD_NUMBER);
      }
      i++;
    }
    String state = null;
    if (i < tokens.length && tokens[i].indexOf('=') < 0 && !isBracketed(tokens[i])) {
      state = tokens[i];
      i++;
    }
    boolean icmp = proto.startsWith("icmp");
    Tuple orig = new Tuple();
    Tuple reply = null;
    Tuple cur = null;
    List<String> status = new ArrayList<>(2);
    Long id = null;
    Long mark = null;
    Integer zone = null;
    Long lifetime = null;
    for (; i < tokens.length; i++) {
      String t = tokens[i];
      if (isBracketed(t)) {
        String flag = t.substring(1, t.length() - 1);
        if (!flag.equals("USERSPACE") && !flag.isEmpty()) {
          status.add(flag);
        }
        continue;
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = t.substring(0, eq);
      String value = t.substring(eq + 1);
      switch (key) {
        case "src" -> {
          if (cur == null) {
            cur = orig;
          } else if (reply == null) {
            reply = new Tuple();
            cur = reply;
          } else {
            return Result.rejected(ConntrackRejection.NOT_A_FLOW);
          }
          cur.src = CanonicalIp.parse(value);
          if (cur.src == null) {
            return Result.rejected(ConntrackRejection.BAD_TUPLE);
          }
        }
        case "dst" -> {
          if (cur == null || (cur.dst = CanonicalIp.parse(value)) == null) {
            return Result.rejected(ConntrackRejection.BAD_TUPLE);
          }
        }
        case "sport", "dport", "type", "code" -> {
          if (cur == null) {
            return Result.rejected(ConntrackRejection.BAD_TUPLE);
          }
          long v = number(value, key.endsWith("port") ? 65535 : 255);
          if (v < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
          switch (key) {
            case "sport" -> cur.sport = (int) v;
            case "dport" -> cur.dport = (int) v;
            case "type" -> cur.type = (int) v;
            default -> cur.code = (int) v;
          }
        }
        case "packets", "bytes" -> {
          if (cur == null) {
            return Result.rejected(ConntrackRejection.BAD_TUPLE);
          }
          long v = number(value, Long.MAX_VALUE / 2);
          if (v < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
          if (key.equals("packets")) {
            cur.packets = v;
          } else {
            cur.bytes = v;
          }
        }
        case "id" -> {
          long v = number(value, 0xFFFFFFFFL);
          if (v < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
          if (icmp && cur != null && cur.icmpId == null && cur.type != null) {
            if (v > 65535) {
              return Result.rejected(ConntrackRejection.BAD_NUMBER);
            }
            cur.icmpId = (int) v; // the ICMP identifier of the tuple, not the conntrack id
          } else {
            id = v;
          }
        }
        case "mark" -> {
          mark = number(value, 0xFFFFFFFFL);
          if (mark < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
        }
        case "zone" -> {
          long v = number(value, 65535);
          if (v < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
          zone = (int) v;
        }
        case "delta-time" -> {
          lifetime = number(value, Long.MAX_VALUE / 2);
          if (lifetime < 0) {
            return Result.rejected(ConntrackRejection.BAD_NUMBER);
          }
        }
        default -> {
          // use=, portid=, secctx=, labels=, helper=, zone-orig=...: not in the record
        }
      }
    }
    if (orig.src == null || orig.dst == null || reply == null || reply.src == null || reply.dst == null) {
      return Result.rejected(reply == null && orig.src == null ? ConntrackRejection.NOT_A_FLOW
          : ConntrackRejection.BAD_TUPLE);
    }
    ConntrackEvent e = ConntrackEvent.newBuilder()
        .setNode(node)
        .setTimestamp(Micros.toInstant(ts))
        .setEventType(type)
        .setProtocol(proto)
        .setProtocolNumber((int) protoNumber)
        .setTcpState(state)
        .setOriginal(orig.build())
        .setReply(reply.build())
        .setStatus(status)
        .setConntrackId(id)
        .setTimeoutSeconds(timeout)
        .setMark(mark)
        .setZone(zone)
        .setLifetimeSeconds(lifetime)
        .build();
    return new Result(e, null);
  }

  private static boolean isBracketed(String t) {
    return t.length() >= 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']';
  }

  private static boolean isTimestamp(String t) {
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.') {
        return false;
      }
    }
    return t.length() > 2;
  }

  /** {@code [seconds.micros]} as microseconds, or MIN_VALUE. */
  private static long timestamp(String t) {
    String s = t.substring(1, t.length() - 1);
    int dot = s.indexOf('.');
    String sec = dot < 0 ? s : s.substring(0, dot);
    String frac = dot < 0 ? "" : s.substring(dot + 1);
    if (sec.isEmpty() || sec.length() > 12 || frac.length() > 9 || frac.indexOf('.') >= 0) {
      return Long.MIN_VALUE;
    }
    long micros = Long.parseLong(sec) * 1_000_000L;
    if (!frac.isEmpty()) {
      String f = (frac + "000000").substring(0, 6);
      micros += Long.parseLong(f);
    }
    return micros;
  }

  private static boolean isDigits(String t) {
    if (t.isEmpty()) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A decimal (or 0x hex) number up to max, or -1. */
  static long number(String s, long max) {
    int radix = 10;
    int from = 0;
    if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      radix = 16;
      from = 2;
    }
    if (s.length() == from || s.length() - from > 19) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      v = v * radix + d;
      if (v > max || v < 0) {
        return -1;
      }
    }
    return v;
  }
}
