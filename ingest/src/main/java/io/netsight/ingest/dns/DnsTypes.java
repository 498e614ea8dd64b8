package io.netsight.ingest.dns;

import io.netsight.schema.v1.DnsRcode;

/** DNS type mnemonics and response codes. */
public final class DnsTypes {

  public static final int A = 1;
  public static final int CNAME = 5;
  public static final int AAAA = 28;
  public static final int OPT = 41;

  private DnsTypes() {
  }

  /** The mnemonic of a common type, or null. */
  public static String known(int type) {
    return switch (type) {
      case 1 -> "A";
      case 2 -> "NS";
      case 5 -> "CNAME";
      case 6 -> "SOA";
      case 12 -> "PTR";
      case 13 -> "HINFO";
      case 15 -> "MX";
      case 16 -> "TXT";
      case 28 -> "AAAA";
      case 33 -> "SRV";
      case 35 -> "NAPTR";
      case 39 -> "DNAME";
      case 41 -> "OPT";
      case 43 -> "DS";
      case 46 -> "RRSIG";
      case 47 -> "NSEC";
      case 48 -> "DNSKEY";
      case 50 -> "NSEC3";
      case 52 -> "TLSA";
      case 64 -> "SVCB";
      case 65 -> "HTTPS";
      case 99 -> "SPF";
      case 251 -> "IXFR";
      case 252 -> "AXFR";
      case 255 -> "ANY";
      case 257 -> "CAA";
      default -> null;
    };
  }

  /** The mnemonic, or TYPEn (RFC 3597) for others. */
  public static String mnemonic(int type) {
    String m = known(type);
    return m != null ? m : "TYPE" + type;
  }

  /** A bounded metric label: the mnemonic of a common type, else "other". */
  public static String label(int type) {
    String m = known(type);
    return m != null ? m : "other";
  }

  public static DnsRcode rcode(int value) {
    return switch (value) {
      case 0 -> DnsRcode.NOERROR;
      case 1 -> DnsRcode.FORMERR;
      case 2 -> DnsRcode.SERVFAIL;
      case 3 -> DnsRcode.NXDOMAIN;
      case 4 -> DnsRcode.NOTIMP;
      case 5 -> DnsRcode.REFUSED;
      case 6 -> DnsRcode.YXDOMAIN;
      case 7 -> DnsRcode.YXRRSET;
      case 8 -> DnsRcode.NXRRSET;
      case 9 -> DnsRcode.NOTAUTH;
      case 10 -> DnsRcode.NOTZONE;
      case 16 -> DnsRcode.BADVERS;
      default -> DnsRcode.OTHER;
    };
  }
}
