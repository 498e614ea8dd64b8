package io.netsight.ingest.packet;

import io.netsight.schema.CanonicalIp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.testing.Frames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
      "10.96.0.10, 10.96.0.10",
      "2001:0db8:0000:0000:0000:0000:0000:0010, 2001:db8::10",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "fe80:0:0:0:0:0:0:0, fe80::",
      "2001:DB8:AAAA:0:0:0:0:0, 2001:db8:aaaa::"})
  void canonicalTextIsRfc5952(String input, String canonical) {
    byte[] b = Frames.addr(input);

    assertThat(IpAddresses.format(b, 0, b.length)).isEqualTo(canonical);
  }

  @org.junit.jupiter.api.Test
  void ipv4MappedKeepsTheDottedTail() {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};

    assertThat(CanonicalIp.ipv6(mapped, 0)).isEqualTo("::ffff:192.0.2.1");
  }

  @ParameterizedTest
  @CsvSource({"10.244.1.2", "2001:db8::10", "::1"})
  void theTwoLongFormRoundTrips(String ip) {
    DecodedPacket p = new DecodedPacket();
    p.data = Frames.ip(ip, ip, 17, new byte[8]);
    p.addressLength = ip.contains(":") ? 16 : 4;
    p.srcAddressOffset = p.addressLength == 4 ? 12 : 8;

    assertThat(IpAddresses.format(p.srcHi(), p.srcLo())).isEqualTo(ip);
  }
}
