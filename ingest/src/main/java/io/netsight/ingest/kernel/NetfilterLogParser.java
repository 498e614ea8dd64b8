package io.netsight.ingest.kernel;

import io.netsight.schema.CanonicalIp;
import io.netsight.schema.Micros;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the lines netfilter's syslog logger writes for iptables {@code LOG} and nftables {@code log} rules
 * ({@code net/netfilter/nf_log_syslog.c}): {@code <prefix>IN=eth0 OUT= MAC=... SRC=10.0.0.1 DST=10.0.0.2 LEN=60 ...
 * PROTO=TCP SPT=1234 DPT=80 ... SYN URGP=0}, IPv4 and IPv6, with the optional MAC (or nft's decoded
 * {@code MACSRC=/MACDST=/MACPROTO=}), bridge {@code PHYSIN=/PHYSOUT=}, TCP sequence and options, IP options, UID and
 * MARK, and the quoted inner packet of ICMP errors in brackets (skipped: the outer packet is the one dropped).
 *
 * <p>This is the hot path of the kernel log source: every kernel line passes {@link #matchPrefix} first, which
 * compares a few bytes at the start of the message against the configured prefixes without decoding or allocating, so
 * the lines netsight does not care about cost almost nothing. Only matching lines are decoded and split; no regular
 * expression runs per line. A matching line that is not a well-formed packet line is a counted {@link
 * KernelLogRejection}, never an exception.
 */
public final class NetfilterLogParser {

  /** The prefixes Calico writes: {@code calico-drop} (DropActionOverride=LogAndDrop) and Felix's {@code logPrefix}. */
  public static final List<String> DEFAULT_PREFIXES = List.of("calico-drop:", "calico-packet:");

  private final byte[][] stems;
  private final String[] stemStrings;

  /** The outcome of parsing one matched line: a record, or the reason it was rejected. */
  public record Result(KernelDrop drop, KernelLogRejection rejection) {

    static Result rejected(KernelLogRejection r) {
      return new Result(null, r);
    }
  }

  /**
   * @param prefixes the log prefixes to keep, as configured in the LOG rules ({@code "calico-drop: "}); trailing
   *                 colons and spaces are ignored, so {@code calico-drop} also keeps Calico's
   *                 {@code "calico-drop LOG-and-DROP: "} (Felix's {@code LogDropActionOverride})
   */
  public NetfilterLogParser(List<String> prefixes) {
    List<String> clean = new ArrayList<>();
    for (String p : prefixes) {
      String s = stem(p);
      if (!s.isEmpty() && !clean.contains(s)) {
        clean.add(s);
      }
    }
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("at least one non-empty log prefix is required, got " + prefixes);
    }
    stemStrings = clean.toArray(new String[0]);
    stems = new byte[stemStrings.length][];
    for (int i = 0; i < stems.length; i++) {
      stems[i] = stemStrings[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  static String stem(String prefix) {
    String s = prefix.strip();
    while (s.endsWith(":")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  /** The prefixes as matched (without trailing colon). */
  public List<String> prefixes() {
    return List.of(stemStrings);
  }

  /**
   * The index of the configured prefix the message in {@code b[off, off+len)} starts with (leading spaces skipped),
   * or -1. The byte after the prefix must be {@code ':'}, a space or the {@code IN=} field, so {@code calico-drop}
   * does not match {@code calico-dropped}. Allocates nothing.
   */
  public int matchPrefix(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] == ' ') {
      i++;
    }
    outer:
    for (int k = 0; k < stems.length; k++) {
      byte[] s = stems[k];
      if (end - i < s.length + 1) {
        continue;
      }
      for (int j = 0; j < s.length; j++) {
        if (b[i + j] != s[j]) {
          continue outer;
        }
      }
      byte next = b[i + s.length];
      if (next == ':' || next == ' ' || (next == 'I' && end - i - s.length >= 3 && b[i + s.length + 1] == 'N'
          && b[i + s.length + 2] == '=')) {
        return k;
      }
    }
    return -1;
  }

  /** {@link #matchPrefix(byte[], int, int)} for a message already decoded. */
  public int matchPrefix(String message) {
    int i = 0;
    while (i < message.length() && message.charAt(i) == ' ') {
      i++;
    }
    for (int k = 0; k < stemStrings.length; k++) {
      String s = stemStrings[k];
      if (message.startsWith(s, i) && message.length() > i + s.length()) {
        char next = message.charAt(i + s.length());
        if (next == ':' || next == ' ' || message.startsWith("IN=", i + s.length())) {
          return k;
        }
      }
    }
    return -1;
  }

  /**
   * Parses a message that {@link #matchPrefix} accepted.
   *
   * @param message         the log message, starting at the prefix
   * @param timestampMicros when the kernel logged it
   * @param source          which reader saw it
   * @param node            the node name for the record
   */
  public Result parse(String message, long timestampMicros, KernelLogSource source, String node) {
    String msg = message.strip();
    int k = matchPrefix(msg);
    int in = msg.indexOf("IN=", k < 0 ? 0 : stemStrings[k].length());
    if (in < 0) {
      return Result.rejected(KernelLogRejection.NOT_NETFILTER);
    }
    String prefix = msg.substring(0, in).strip();
    KernelDrop.Builder b = KernelDrop.newBuilder()
        .setNode(node)
        .setTimestamp(Micros.toInstant(timestampMicros))
        .setPrefix(prefix)
        .setLogSource(source)
        .setRaw(msg);
    String src = null;
    String dst = null;
    String proto = null;
    String macSrc = null;
    String macDst = null;
    String macProto = null;
    List<String> flags = new ArrayList<>(4);
    boolean afterProto = false;
    boolean seenLen = false;
    boolean seenTtl = false;
    boolean seenPorts = false;
    boolean seenType = false;
    int n = msg.length();
    int i = in;
    while (i < n) {
      while (i < n && msg.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      char c = msg.charAt(i);
      if (c == '[' || c == '(') {
        // ICMP error's quoted packet "[SRC=... ]", "INCOMPLETE [65535 bytes]", OPT "(...)": skip to the close.
        char open = c;
        char close = c == '[' ? ']' : ')';
        int depth = 0;
        while (i < n) {
          char d = msg.charAt(i++);
          if (d == open) {
            depth++;
          } else if (d == close && --depth == 0) {
            break;
          }
        }
        continue;
      }
      int end = msg.indexOf(' ', i);
      if (end < 0) {
        end = n;
      }
      int eq = msg.indexOf('=', i);
      if (eq < 0 || eq > end) {
        if (afterProto && "TCP".equals(proto)) {
          String flag = msg.substring(i, end);
          if (isTcpFlag(flag)) {
            flags.add(flag);
          }
        }
        i = end;
        continue;
      }
      String key = msg.substring(i, eq);
      int vs = eq + 1;
      switch (key) {
        case "IN" -> b.setInInterface(vs == end ? null : msg.substring(vs, end));
        case "OUT" -> b.setOutInterface(vs == end ? null : msg.substring(vs, end));
        case "MAC" -> b.setMac(vs == end ? null : msg.substring(vs, end));
        case "MACSRC" -> macSrc = msg.substring(vs, end);
        case "MACDST" -> macDst = msg.substring(vs, end);
        case "MACPROTO" -> macProto = msg.substring(vs, end);
        case "SRC" -> {
          if (src == null) {
            src = CanonicalIp.parse(msg, vs, end);
            if (src == null) {
              return Result.rejected(KernelLogRejection.BAD_ADDRESS);
            }
          }
        }
        case "DST" -> {
          if (dst == null) {
            dst = CanonicalIp.parse(msg, vs, end);
            if (dst == null) {
              return Result.rejected(KernelLogRejection.BAD_ADDRESS);
            }
          }
        }
        case "LEN" -> {
          if (!seenLen) {
            seenLen = true;
            long v = number(msg, vs, end, 10, 0xFFFFFFL);
            if (v < 0) {
              return Result.rejected(KernelLogRejection.BAD_NUMBER);
            }
            b.setLength((int) v);
          }
        }
        case "TTL", "HOPLIMIT" -> {
          if (!seenTtl) {
            seenTtl = true;
            long v = number(msg, vs, end, 10, 255);
            if (v < 0) {
              return Result.rejected(KernelLogRejection.BAD_NUMBER);
            }
            b.setTtl((int) v);
          }
        }
        case "PROTO" -> {
          if (proto == null) {
            proto = msg.substring(vs, end);
            if (proto.isEmpty()) {
              return Result.rejected(KernelLogRejection.NO_PROTOCOL);
            }
            afterProto = true;
          }
        }
        case "SPT", "DPT" -> {
          if (afterProto && !seenPorts) {
            long v = number(msg, vs, end, 10, 65535);
            if (v < 0) {
              return Result.rejected(KernelLogRejection.BAD_NUMBER);
            }
            if (key.equals("SPT")) {
              b.setSrcPort((int) v);
            } else {
              b.setDstPort((int) v);
              seenPorts = true;
            }
          }
        }
        case "TYPE", "CODE" -> {
          if (afterProto && !seenType) {
            long v = number(msg, vs, end, 10, 255);
            if (v < 0) {
              return Result.rejected(KernelLogRejection.BAD_NUMBER);
            }
            if (key.equals("TYPE")) {
              b.setIcmpType((int) v);
            } else {
              b.setIcmpCode((int) v);
              seenType = true;
            }
          }
        }
        case "MARK" -> {
          boolean hex = end - vs > 2 && msg.charAt(vs) == '0' && (msg.charAt(vs + 1) == 'x'
              || msg.charAt(vs + 1) == 'X');
          long v = hex ? number(msg, vs + 2, end, 16, 0xFFFFFFFFL) : number(msg, vs, end, 10, 0xFFFFFFFFL);
          if (v < 0) {
            return Result.rejected(KernelLogRejection.BAD_NUMBER);
          }
          b.setMark(v);
        }
        default -> {
          // TOS, PREC, ID, FLOWLBL, TC, SEQ, ACK=, WINDOW, RES, URGP, UID, GID, PHYSIN, PHYSOUT...: kept in raw.
        }
      }
      i = end;
    }
    if (src == null && dst == null) {
      return Result.rejected(KernelLogRejection.NOT_IP);
    }
    if (src == null || dst == null) {
      return Result.rejected(KernelLogRejection.BAD_ADDRESS);
    }
    if (proto == null) {
      return Result.rejected(KernelLogRejection.NO_PROTOCOL);
    }
    if (b.getMac() == null && macSrc != null && macDst != null) {
      // nft "log flags ether" decodes the header; rebuild the MAC= form (dst:src:ethertype) LOG writes.
      StringBuilder m = new StringBuilder(macDst).append(':').append(macSrc);
      if (macProto != null && macProto.length() == 4) {
        m.append(':').append(macProto, 0, 2).append(':').append(macProto, 2, 4);
      }
      b.setMac(m.toString().toLowerCase(Locale.ROOT));
    }
    b.setSrcIp(src).setDstIp(dst).setIpVersion(src.indexOf(':') >= 0 ? 6 : 4).setProtocol(proto)
        .setTcpFlags(flags);
    return new Result(b.build(), null);
  }

  private static boolean isTcpFlag(String s) {
    return switch (s) {
      case "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN" -> true;
      default -> false;
    };
  }

  /** Parses {@code s[from, to)} as a non-negative number in the radix, or -1 when it is not one or exceeds max. */
  static long number(String s, int from, int to, int radix, long max) {
    if (from >= to || to - from > 16) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      v = v * radix + d;
      if (v > max) {
        return -1;
      }
    }
    return v;
  }
}
