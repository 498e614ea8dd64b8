package io.netsight.ingest.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.dns.DnsAnalyzer;
import io.netsight.ingest.dns.DnsSettings;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.reset.TcpResetAnalyzer;
import io.netsight.ingest.testing.CaptureFileWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes as a capture file: refused at open with a {@link CaptureFileException} (not a capture), or read to its
 * end with the damage counted; and every packet read goes through the whole packet path without an exception.
 */
class CaptureFileProperties {

  @Property(tries = 2000)
  void anyBytesAreRefusedOrRead(@ForAll @Size(max = 400) byte[] bytes) {
    readThroughThePipeline(bytes);
  }

  @Property(tries = 2000)
  void aPcapHeaderFollowedByAnyBytesIsRead(@ForAll("linkTypes") int linkType, @ForAll boolean bigEndian,
      @ForAll @Size(max = 600) byte[] tail) {
    byte[] header = new CaptureFileWriter.Pcap(linkType, bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
        false).bytes();

    assertThat(readThroughThePipeline(concat(header, tail))).as("a valid header always opens").isTrue();
  }

  @Property(tries = 2000)
  void realCapturesWithBytesFlippedAreRead(@ForAll("realCaptures") byte[] file,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1 << 20) Integer> positions, @ForAll byte value) {
    byte[] copy = file.clone();
    for (int p : positions) {
      copy[24 + p % (copy.length - 24)] = value; // the packets are mutated, the file header kept
    }

    assertThat(readThroughThePipeline(copy)).isTrue();
  }

  @Property(tries = 1000)
  void aPcapngSectionFollowedByAnyBlocksIsRead(@ForAll @Size(max = 600) byte[] tail,
      @ForAll("linkTypes") int linkType) {
    byte[] head = new CaptureFileWriter.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(linkType, "eth0", 9).bytes();

    assertThat(readThroughThePipeline(concat(head, tail))).isTrue();
  }

  @Provide
  Arbitrary<Integer> linkTypes() {
    return Arbitraries.of(LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.IPV4,
        LinkType.IPV6, LinkType.NULL, LinkType.LOOP);
  }

  @Provide
  Arbitrary<byte[]> realCaptures() {
    return Arbitraries.of("src/test/resources/captures/ndots-pod-eth0.pcap",
        "src/test/resources/captures/ndots-node-any-sll2.pcap").map(p -> {
          try {
            return Files.readAllBytes(Path.of(p));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** True when the bytes opened as a capture; false when refused with a CaptureFileException. */
  private static boolean readThroughThePipeline(byte[] bytes) {
    IngestMetrics metrics = new IngestMetrics();
    List<CapturedRecord> records = new ArrayList<>();
    PacketPipeline pipeline = new PacketPipeline(List.of(
        new DnsAnalyzer("n", DnsSettings.DEFAULTS, metrics, records::add),
        new TcpResetAnalyzer("n", metrics, records::add)), metrics, null);
    CaptureFileReader reader;
    try {
      reader = CaptureFiles.open("fuzz", new ByteArrayInputStream(bytes), metrics);
    } catch (CaptureFileException refused) {
      assertThat(refused.getMessage()).startsWith("fuzz: ");
      return false;
    } catch (IOException e) {
      throw new AssertionError("only CaptureFileException may refuse a file", e);
    }
    CapturedPacket p = new CapturedPacket();
    long packets = 0;
    while (reader.next(p)) {
      pipeline.onPacket(p);
      packets++;
    }
    pipeline.finish();
    reader.close();
    assertThat((long) metrics.packetsCaptured.get()).isEqualTo(packets);
    assertThat((long) metrics.packetsDecoded.get()).isLessThanOrEqualTo(packets);
    records.forEach(r -> assertThat(r.serializedValue()).isNotEmpty());
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
