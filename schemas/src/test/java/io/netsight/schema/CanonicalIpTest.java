package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CanonicalIpTest {

  @Test
  void canonicalForms() {
    assertThat(CanonicalIp.parse("fd88:0000:0000:0000:0000:0000:0000:0001")).isEqualTo("fd88::1");
    assertThat(CanonicalIp.parse("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(CanonicalIp.parse("0000:0000:0000:0000:0000:ffff:0a00:0001")).isEqualTo("::ffff:10.0.0.1");
    assertThat(CanonicalIp.parse("::")).isEqualTo("::");
    assertThat(CanonicalIp.parse("::1")).isEqualTo("::1");
    assertThat(CanonicalIp.parse("fe80::")).isEqualTo("fe80::");
    assertThat(CanonicalIp.parse("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(CanonicalIp.parse("10.0.0.256")).isNull();
    assertThat(CanonicalIp.parse("010.0.0.1")).isNull();
    assertThat(CanonicalIp.parse("1::2::3")).isNull();
    assertThat(CanonicalIp.parse("1:2:3:4:5:6:7:8:9")).isNull();
    assertThat(CanonicalIp.parse("host.example")).isNull();
  }

  @Property(tries = 2000)
  void agreesWithTheJdkOnEveryIpv6Address(@ForAll @Size(16) byte[] address) throws Exception {
    InetAddress a = InetAddress.getByAddress(address);
    // The JDK prints every group uncompressed, the kernel's netfilter log in full width: both must map to one form.
    String jdk = a.getHostAddress();
    StringBuilder full = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      full.append(i == 0 ? "" : ":").append(String.format("%02x%02x", address[i], address[i + 1]));
    }

    String canonical = CanonicalIp.parse(full.toString());

    assertThat(CanonicalIp.parse(jdk.contains(".") ? full.toString() : jdk)).isEqualTo(canonical);
    assertThat(InetAddress.getByName(canonical)).isEqualTo(a);
    assertThat(CanonicalIp.parse(canonical)).isEqualTo(canonical);
  }

  @Property(tries = 2000)
  void anyTextIsAnAddressOrNull(@ForAll String s) {
    String c = CanonicalIp.parse(s);
    if (c != null) {
      assertThat(CanonicalIp.parse(c)).isEqualTo(c);
    }
  }
}
