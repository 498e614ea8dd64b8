package io.netsight.ingest.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.packet.Rejection;
import io.netsight.ingest.testing.CaptureFileWriter;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.v1.PacketDirection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {

  /** Real lab captures, see src/test/resources/captures/README.md. */
  static final Path POD = Path.of("src/test/resources/captures/ndots-pod-eth0.pcap");
  static final Path NODE = Path.of("src/test/resources/captures/ndots-node-any-sll2.pcap");

  private final IngestMetrics metrics = new IngestMetrics();

  record Seen(long micros, int linkType, int length, String iface, PacketDirection direction) {
  }

  private List<Seen> readAll(CaptureFileReader reader) {
    List<Seen> out = new ArrayList<>();
    CapturedPacket p = new CapturedPacket();
    while (reader.next(p)) {
      out.add(new Seen(p.timestampMicros, p.linkType, p.length, p.interfaceName, p.direction));
    }
    reader.close();
    return out;
  }

  private List<Seen> read(byte[] file) throws IOException {
    return readAll(CaptureFiles.open("test", new ByteArrayInputStream(file), metrics));
  }

  @Test
  void realTcpdumpCapturesOfBothLinkTypes() throws IOException {
    List<Seen> pod = readAll(CaptureFiles.open(POD, metrics));
    List<Seen> node = readAll(CaptureFiles.open(NODE, metrics));

    assertThat(pod).hasSize(16).allMatch(s -> s.linkType() == LinkType.ETHERNET);
    assertThat(node).hasSize(32).allMatch(s -> s.linkType() == LinkType.LINUX_SLL2);
    assertThat(pod).extracting(Seen::micros).isSorted();
    assertThat(metrics.rejectedTotal()).isZero();
  }

  @Test
  void pcapInEitherByteOrderWithMicroOrNanoseconds() throws IOException {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[12]);
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      for (boolean nanos : List.of(false, true)) {
        byte[] file = new CaptureFileWriter.Pcap(LinkType.RAW, order, nanos).packet(1_700_000_000_123_456L, ip)
            .packet(1_700_000_001_000_001L, ip).bytes();

        assertThat(read(file)).extracting(Seen::micros, Seen::linkType, Seen::length)
            .as("%s nanos=%s", order, nanos).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1_700_000_000_123_456L, LinkType.RAW, ip.length),
                org.assertj.core.groups.Tuple.tuple(1_700_000_001_000_001L, LinkType.RAW, ip.length));
      }
    }
  }

  @Test
  void aTruncatedLastRecordEndsTheFileWithThePacketsBeforeIt() throws IOException {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[40]);
    byte[] file = new CaptureFileWriter.Pcap(LinkType.RAW, ByteOrder.LITTLE_ENDIAN, false).packet(1, ip)
        .packet(2, ip).packet(3, ip).bytes();

    assertThat(read(Arrays.copyOf(file, file.length - 10))).hasSize(2);
    assertThat(read(Arrays.copyOf(file, file.length - ip.length - 6))).as("cut in a record header").hasSize(2);
    assertThat(metrics.rejected(Rejection.FILE_TRUNCATED)).isEqualTo(2);
  }

  @Test
  void pcapngWithSeveralInterfacesLinkTypesAndResolutions() throws IOException {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[5]);
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      byte[] file = new CaptureFileWriter.Pcapng(order)
          .iface(LinkType.ETHERNET, "eth0", -1) // default: microseconds
          .iface(LinkType.RAW, "veth1", 9) // nanoseconds
          .iface(LinkType.IPV4, null, 0x80 | 20) // 2^-20 s
          .other()
          .epb(0, 1_700_000_000_000_001L, Frames.ethernet(ip), 1)
          .epb(1, 1_700_000_000_000_002_000L, ip, 2)
          .epb(2, (1_700_000_000L << 20) | (1 << 19), ip, 0)
          .bytes();

      assertThat(read(file)).as("%s", order).containsExactly(
          new Seen(1_700_000_000_000_001L, LinkType.ETHERNET, ip.length + 14, "eth0", PacketDirection.INCOMING),
          new Seen(1_700_000_000_000_002L, LinkType.RAW, ip.length, "veth1", PacketDirection.OUTGOING),
          new Seen(1_700_000_000_500_000L, LinkType.IPV4, ip.length, null, PacketDirection.UNKNOWN));
    }
  }

  @Test
  void pcapngSimplePacketsUseTheFirstInterface() throws IOException {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[3]);
    byte[] file = new CaptureFileWriter.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.RAW, "lo", 6)
        .epb(0, 5_000_000L, ip, 0).spb(ip).bytes();

    assertThat(read(file)).extracting(Seen::micros, Seen::iface).containsExactly(
        org.assertj.core.groups.Tuple.tuple(5_000_000L, "lo"), org.assertj.core.groups.Tuple.tuple(5_000_000L, "lo"));
  }

  @Test
  void aPacketOfAnUndeclaredInterfaceIsCountedAndSkipped() throws IOException {
    byte[] ip = Frames.udp("10.0.0.1", 1, "10.0.0.2", 53, new byte[3]);
    byte[] file = new CaptureFileWriter.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(LinkType.RAW, "lo", 6)
        .epb(3, 1, ip, 0).epb(0, 2, ip, 0).bytes();

    assertThat(read(file)).hasSize(1);
    assertThat(metrics.rejected(Rejection.FILE_UNKNOWN_INTERFACE)).isEqualTo(1);
  }

  @Test
  void filesThatAreNotCapturesAreRefusedWithAOneLineReason(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture");
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    Path usb = Files.write(dir.resolve("usb.pcap"),
        new CaptureFileWriter.Pcap(189, ByteOrder.LITTLE_ENDIAN, false).bytes());

    assertThatThrownBy(() -> CaptureFiles.open(dir.resolve("missing.pcap"), metrics))
        .isInstanceOf(CaptureFileException.class).hasMessageEndingWith("missing.pcap: no such file");
    assertThatThrownBy(() -> CaptureFiles.open(text, metrics)).isInstanceOf(CaptureFileException.class)
        .hasMessageContaining("not a pcap or pcapng file");
    assertThatThrownBy(() -> CaptureFiles.open(empty, metrics)).isInstanceOf(CaptureFileException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> CaptureFiles.open(usb, metrics)).isInstanceOf(CaptureFileException.class)
        .hasMessageContaining("link type 189 is not supported");
  }
}
