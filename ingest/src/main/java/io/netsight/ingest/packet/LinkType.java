package io.netsight.ingest.packet;

/**
 * The link-layer header types netsight decodes, by their tcpdump.org LINKTYPE_ number (what capture files store) and,
 * where Linux differs, by the DLT_ number libpcap reports for a live handle.
 */
public final class LinkType {

  /** BSD loopback: a 4-byte address family in the writer's byte order. */
  public static final int NULL = 0;
  public static final int ETHERNET = 1;
  /** DLT_RAW as Linux libpcap reports it for a live handle (12); files store 101. */
  public static final int DLT_RAW_LINUX = 12;
  /** DLT_RAW on OpenBSD (14). */
  public static final int DLT_RAW_OPENBSD = 14;
  public static final int RAW = 101;
  /** OpenBSD loopback: like NULL, address family in network byte order. */
  public static final int LOOP = 108;
  public static final int LINUX_SLL = 113;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int LINUX_SLL2 = 276;

  private LinkType() {
  }

  /** True when {@link PacketDecoder} can decode this link type. */
  public static boolean supported(int linkType) {
    return switch (linkType) {
      case NULL, ETHERNET, DLT_RAW_LINUX, DLT_RAW_OPENBSD, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
      default -> false;
    };
  }

  /** A name for messages. */
  public static String name(int linkType) {
    return switch (linkType) {
      case NULL -> "BSD loopback (0)";
      case ETHERNET -> "Ethernet (1)";
      case DLT_RAW_LINUX, DLT_RAW_OPENBSD, RAW -> "raw IP (" + linkType + ")";
      case LOOP -> "OpenBSD loopback (108)";
      case LINUX_SLL -> "Linux cooked v1 (113)";
      case IPV4 -> "raw IPv4 (228)";
      case IPV6 -> "raw IPv6 (229)";
      case LINUX_SLL2 -> "Linux cooked v2 (276)";
      default -> "link type " + linkType;
    };
  }
}
