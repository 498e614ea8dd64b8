package io.netsight.ingest.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.v1.PacketDirection;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {

  private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};
  private final IngestMetrics metrics = new IngestMetrics();
  private final PacketDecoder decoder = new PacketDecoder(metrics);
  private final DecodedPacket out = new DecodedPacket();

  private boolean decode(int linkType, byte[] frame) {
    return decoder.decode(new CapturedPacket().set(1_000_000L, linkType, frame, 0, frame.length, frame.length), out);
  }

  @Test
  void ethernetWithTwoVlanTagsCarryingIpv4Udp() {
    byte[] frame = Frames.ethernet(Frames.udp("10.244.1.2", 40000, "10.96.0.10", 53, PAYLOAD), 100, 200);

    assertThat(decode(LinkType.ETHERNET, frame)).isTrue();
    assertThat(out.srcAddress()).isEqualTo("10.244.1.2");
    assertThat(out.dstAddress()).isEqualTo("10.96.0.10");
    assertThat(out.protocol).isEqualTo(DecodedPacket.PROTO_UDP);
    assertThat(out.srcPort).isEqualTo(40000);
    assertThat(out.dstPort).isEqualTo(53);
    assertThat(out.payloadLength).isEqualTo(5);
    assertThat(frame[out.payloadOffset]).isEqualTo((byte) 1);
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[] {9});
    byte[] eth = Frames.ethernet(ip);
    byte[] padded = java.util.Arrays.copyOf(eth, 60); // minimum Ethernet frame

    assertThat(decode(LinkType.ETHERNET, padded)).isTrue();
    assertThat(out.payloadLength).isEqualTo(1);
  }

  @Test
  void linuxCookedV1TellsTheDirection() {
    assertThat(decode(LinkType.LINUX_SLL, Frames.sll(4, Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, PAYLOAD))))
        .isTrue();
    assertThat(out.direction).isEqualTo(PacketDirection.OUTGOING);
    assertThat(out.interfaceIndex).isEqualTo(-1);
    assertThat(decode(LinkType.LINUX_SLL, Frames.sll(0, Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, PAYLOAD))))
        .isTrue();
    assertThat(out.direction).isEqualTo(PacketDirection.INCOMING);
  }

  @Test
  void linuxCookedV2TellsTheInterfaceIndexAndDirection() {
    byte[] frame = Frames.sll2(7, 4, Frames.tcp("2001:db8::1", 53, "2001:db8::2", 40000, 99, Frames.RST, PAYLOAD));

    assertThat(decode(LinkType.LINUX_SLL2, frame)).isTrue();
    assertThat(out.interfaceIndex).isEqualTo(7);
    assertThat(out.direction).isEqualTo(PacketDirection.OUTGOING);
    assertThat(out.srcAddress()).isEqualTo("2001:db8::1");
    assertThat(out.tcpFlags & DecodedPacket.TCP_RST).isNotZero();
    assertThat(out.tcpSeq).isEqualTo(99);
  }

  @Test
  void rawIpv4AndIpv6LinkTypes() {
    assertThat(decode(LinkType.RAW, Frames.udp("10.0.0.1", 5, "10.0.0.2", 53, PAYLOAD))).isTrue();
    assertThat(decode(LinkType.DLT_RAW_LINUX, Frames.udp("::1", 5, "::2", 53, PAYLOAD))).isTrue();
    assertThat(out.dstAddress()).isEqualTo("::2");
    assertThat(decode(LinkType.IPV4, Frames.udp("10.0.0.1", 5, "10.0.0.2", 53, PAYLOAD))).isTrue();
    assertThat(decode(LinkType.IPV6, Frames.udp("fd00::1", 5, "fd00::2", 53, PAYLOAD))).isTrue();
    assertThat(out.srcAddress()).isEqualTo("fd00::1");
  }

  @Test
  void bsdLoopbackInEitherByteOrder() {
    byte[] ip = Frames.udp("127.0.0.1", 5, "127.0.0.1", 53, PAYLOAD);

    assertThat(decode(LinkType.NULL, Frames.loopback(2, ByteOrder.LITTLE_ENDIAN, ip))).isTrue();
    assertThat(decode(LinkType.NULL, Frames.loopback(2, ByteOrder.BIG_ENDIAN, ip))).isTrue();
    assertThat(decode(LinkType.NULL, Frames.loopback(30, ByteOrder.LITTLE_ENDIAN,
        Frames.udp("::1", 5, "::1", 53, PAYLOAD)))).isTrue();
    assertThat(out.addressLength).isEqualTo(16);
  }

  @Test
  void ipv6ExtensionHeadersAreSkipped() {
    byte[] udp = Frames.udp("2001:db8::1", 5, "2001:db8::2", 53, PAYLOAD);
    // Insert a hop-by-hop header (8 bytes) between the fixed header and UDP.
    byte[] withHop = new byte[udp.length + 8];
    System.arraycopy(udp, 0, withHop, 0, 40);
    withHop[6] = 0; // next header: hop-by-hop
    withHop[5] = (byte) (udp.length - 40 + 8);
    withHop[40] = 17; // then UDP
    System.arraycopy(udp, 40, withHop, 48, udp.length - 40);

    assertThat(decode(LinkType.RAW, withHop)).isTrue();
    assertThat(out.dstPort).isEqualTo(53);
  }

  @Test
  void fragmentsAreCountedAndSkipped() {
    byte[] fragment = Frames.ipv4Fragment(Frames.udp("10.0.0.1", 5, "10.0.0.2", 53, PAYLOAD));

    assertThat(decode(LinkType.RAW, fragment)).isFalse();
    assertThat(metrics.rejected(Rejection.IP_FRAGMENT)).isEqualTo(1);
  }

  @Test
  void truncatedAndForeignFramesAreCountedByReason() {
    byte[] udp = Frames.udp("10.0.0.1", 5, "10.0.0.2", 53, PAYLOAD);

    assertThat(decode(LinkType.ETHERNET, new byte[10])).isFalse();
    assertThat(decode(LinkType.RAW, java.util.Arrays.copyOf(udp, 24))).isFalse();
    assertThat(decode(LinkType.RAW, Frames.ip("10.0.0.1", "10.0.0.2", 1, new byte[8]))).isFalse();
    byte[] arp = Frames.ethernet(udp);
    arp[12] = 0x08;
    arp[13] = 0x06;
    assertThat(decode(LinkType.ETHERNET, arp)).isFalse();
    assertThat(decode(147, udp)).isFalse();

    assertThat(metrics.rejected(Rejection.LINK_TRUNCATED)).isEqualTo(1);
    assertThat(metrics.rejected(Rejection.TRANSPORT_TRUNCATED)).isEqualTo(1);
    assertThat(metrics.rejected(Rejection.NOT_TCP_OR_UDP)).isEqualTo(1);
    assertThat(metrics.rejected(Rejection.NOT_IP)).isEqualTo(1);
    assertThat(metrics.rejected(Rejection.LINK_TYPE_UNSUPPORTED)).isEqualTo(1);
  }
}
