package io.netsight.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.schema.v1.DnsTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replay of the committed lab captures, without root: what the namespace ITs check live, at unit-test speed. */
class PacketFilesInputTest {

  static final Path POD = Path.of("src/test/resources/captures/ndots-pod-eth0.pcap");
  static final Path NODE = Path.of("src/test/resources/captures/ndots-node-any-sll2.pcap");
  static final List<String> QUESTIONS = List.of(
      "api.example.com.default.svc.cluster.local A", "api.example.com.default.svc.cluster.local AAAA",
      "api.example.com.svc.cluster.local A", "api.example.com.svc.cluster.local AAAA",
      "api.example.com.cluster.local A", "api.example.com.cluster.local AAAA",
      "api.example.com A", "api.example.com AAAA");

  private final IngestMetrics metrics = new IngestMetrics();

  private List<DnsTransaction> replay(List<Path> files, Map<String, String> config) throws Exception {
    ReplayConfig c = new ReplayConfig(config, CaptureSourceRegistry.standard());
    List<CapturedRecord> out = new ArrayList<>();
    try (PacketFilesInput input = c.packetFiles(files, "n1", List.of("dns", "reset"), metrics)) {
      CaptureReplay.Summary s = CaptureReplay.run(List.of(input), out::add, null);
      assertThat(s.items()).isEqualTo((long) metrics.packetsCaptured.get());
    }
    assertThat(out).extracting(CapturedRecord::timestampMicros).as("event-time order").isSorted();
    return out.stream().map(r -> (DnsTransaction) r.value()).toList();
  }

  @Test
  void theNodeViewIsDeduplicatedIntoTheEightLookups() throws Exception {
    List<DnsTransaction> tx = replay(List.of(NODE), Map.of());

    assertThat(tx).extracting(t -> t.getQname() + " " + t.getQtype()).containsExactlyElementsOf(QUESTIONS);
    assertThat(tx).allSatisfy(t -> {
      assertThat(t.getServerIp()).isEqualTo("10.96.0.10");
      assertThat(t.getBackendIp()).isEqualTo("10.244.2.2");
      assertThat(t.getNode()).isEqualTo("n1");
    });
    assertThat((long) metrics.dnsDuplicateCopies.get()).isEqualTo(16); // each query and each response once more
  }

  @Test
  void thePodViewHasNoBackend() throws Exception {
    List<DnsTransaction> tx = replay(List.of(POD), Map.of());

    assertThat(tx).extracting(t -> t.getQname() + " " + t.getQtype()).containsExactlyElementsOf(QUESTIONS);
    assertThat(tx).allSatisfy(t -> assertThat(t.getBackendIp()).isNull());
  }

  @Test
  void twoFilesAreMergedByTimeAsOneCapture() throws Exception {
    List<DnsTransaction> tx = replay(List.of(POD, NODE), Map.of());

    assertThat(tx).extracting(t -> t.getQname() + " " + t.getQtype()).containsExactlyElementsOf(QUESTIONS);
  }

  @Test
  void theConfigurationReachesThePairing() throws Exception {
    // With a 1 ms timeout the 3 ms first lookup has timed out before its answer came.
    List<DnsTransaction> tx = replay(List.of(POD), Map.of("dns.timeout.ms", "1"));

    assertThat(tx.get(0).getOutcome().name()).isEqualTo("TIMEOUT");
    assertThat(tx).hasSize(8);
  }
}
