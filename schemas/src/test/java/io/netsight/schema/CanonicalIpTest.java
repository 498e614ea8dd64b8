package io.netsight.ingest.sourcekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IpTextTest {

  @Test
  void canonicalForms() {
    assertThat(IpText.canonical("fd88:0000:0000:0000:0000:0000:0000:0001")).isEqualTo("fd88::1");
    assertThat(IpText.canonical("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpText.canonical("0000:0000:0000:0000:0000:ffff:0a00:0001")).isEqualTo("::ffff:10.0.0.1");
    assertThat(IpText.canonical("::")).isEqualTo("::");
    assertThat(IpText.canonical("::1")).isEqualTo("::1");
    assertThat(IpText.canonical("fe80::")).isEqualTo("fe80::");
    assertThat(IpText.canonical("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(IpText.canonical("10.0.0.256")).isNull();
    assertThat(IpText.canonical("010.0.0.1")).isNull();
    assertThat(IpText.canonical("1::2::3")).isNull();
    assertThat(IpText.canonical("1:2:3:4:5:6:7:8:9")).isNull();
    assertThat(IpText.canonical("host.example")).isNull();
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

    String canonical = IpText.canonical(full.toString());

    assertThat(IpText.canonical(jdk.contains(".") ? full.toString() : jdk)).isEqualTo(canonical);
    assertThat(InetAddress.getByName(canonical)).isEqualTo(a);
    assertThat(IpText.canonical(canonical)).isEqualTo(canonical);
  }

  @Property(tries = 2000)
  void anyTextIsAnAddressOrNull(@ForAll String s) {
    String c = IpText.canonical(s);
    if (c != null) {
      assertThat(IpText.canonical(c)).isEqualTo(c);
    }
  }
}
