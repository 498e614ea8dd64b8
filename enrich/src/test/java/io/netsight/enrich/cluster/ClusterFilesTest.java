package io.netsight.enrich.cluster;

import io.netsight.schema.Micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsight.enrich.identity.DerivationConfig;
import io.netsight.enrich.identity.Publication;
import io.netsight.enrich.whois.Whois;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.IpBinding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline cluster files give the same binding records the live publisher would, and whois answers from them. */
class ClusterFilesTest {

  private static final String IP = "10.244.1.7";

  @Test
  void aFinishedJobPodThenANewPodOnTheSameAddressGiveTwoIntervals() {
    ClusterBindings bindings = ClusterFiles.read(List.of(fixture("job-then-web.watch.json")),
        DerivationConfig.defaults());

    List<IpBinding> history = bindings.history(IP).effective();

    assertThat(history).extracting(IpBinding::getName, b -> b.getWorkload().getKind(), b -> b.getWorkload().getName(),
            IpBinding::getValidFrom, IpBinding::getValidTo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("report-29928120-x7k2p", "CronJob", "report",
                Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T10:00:30Z")),
            org.assertj.core.groups.Tuple.tuple("web-7f9c6d5b4-abcde", "Deployment", "web",
                Instant.parse("2026-11-26T10:00:31Z"), null));
    // The release is a record with validTo, then a tombstone, both at the Job pod's finishedAt.
    List<Publication.Ip> forIp = bindings.ipBindings().stream().filter(p -> p.key().equals(IP)).toList();
    assertThat(forIp).extracting(p -> p.value() == null ? "tombstone" : p.value().getName(), Publication::timestamp)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("report-29928120-x7k2p", Instant.parse("2026-11-26T10:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("report-29928120-x7k2p", Instant.parse("2026-11-26T10:00:30Z")),
            org.assertj.core.groups.Tuple.tuple("tombstone", Instant.parse("2026-11-26T10:00:30Z")),
            org.assertj.core.groups.Tuple.tuple("web-7f9c6d5b4-abcde", Instant.parse("2026-11-26T10:00:31Z")));
    // Dual stack: the web pod's IPv6 address is bound too, in canonical form.
    assertThat(bindings.history("fd00:10:244:1::7").effective()).extracting(IpBinding::getName)
        .containsExactly("web-7f9c6d5b4-abcde");
  }

  @Test
  void whoisNamesTheOwnerAtThatTimeAndWhoHeldTheAddressBeforeAndAfter() {
    ClusterBindings bindings = ClusterFiles.read(List.of(fixture("job-then-web.watch.json")),
        DerivationConfig.defaults());
    List<IpBinding> history = bindings.history(IP).effective();

    JsonNode during = Whois.answer(IP, Instant.parse("2026-11-26T10:00:10Z"), history, history);
    JsonNode later = Whois.answer(IP, Instant.parse("2026-11-26T10:02:00Z"), history, history);
    StringWriter table = new StringWriter();
    Whois.printTable(later, new PrintWriter(table));

    assertThat(during.path("status").asText()).isEqualTo("ATTRIBUTED");
    assertThat(during.path("owner").path("name").asText()).isEqualTo("report-29928120-x7k2p");
    assertThat(during.path("before").isNull()).isTrue();
    assertThat(during.path("after").path("name").asText()).isEqualTo("web-7f9c6d5b4-abcde");
    assertThat(later.path("owner").path("name").asText()).isEqualTo("web-7f9c6d5b4-abcde");
    assertThat(later.path("before").path("validTo").asText()).isEqualTo("2026-11-26T10:00:30.000000Z");
    assertThat(table.toString()).contains("10.244.1.7 at 2026-11-26T10:02:00.000000Z: ATTRIBUTED")
        .contains("owner      POD              default/web-7f9c6d5b4-abcde (Deployment web) on node-a")
        .contains("before     POD              default/report-29928120-x7k2p (CronJob report)");
  }

  @Test
  void aSnapshotBindsTheNodeServiceAndHostNetworkPodsAndANodeIpIsAmbiguous() {
    ClusterBindings bindings = ClusterFiles.read(List.of(fixture("snapshot.yaml")), DerivationConfig.defaults());

    var nodeIp = bindings.history("192.168.49.2").attribute(micros("2026-11-26T10:00:00Z"));
    var vip = bindings.history("10.96.0.10").attribute(micros("2026-11-26T10:00:00Z"));

    assertThat(nodeIp.getStatus()).isEqualTo(AttributionStatus.AMBIGUOUS);
    assertThat(nodeIp.getBinding().getKind()).isEqualTo(BindingKind.NODE);
    assertThat(nodeIp.getCandidates()).extracting(IpBinding::getName, IpBinding::getKind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kube-proxy-x2x2x", BindingKind.HOST_NETWORK_POD));
    assertThat(vip.getBinding().getName()).isEqualTo("kube-dns");
    // Each port is published with the Service, and again when its EndpointSlice brings the backends.
    List<Publication.Service> ports = bindings.serviceBindings();
    assertThat(ports).extracting(Publication::key).containsOnly("10.96.0.10:53/UDP", "10.96.0.10:53/TCP");
    assertThat(ports.get(ports.size() - 1).value().getBackends()).singleElement()
        .satisfies(b -> assertThat(b.getPodName()).isEqualTo("coredns-5d78c9869d-abcde"));
    assertThat(bindings.ignored()).isEqualTo(1);
  }

  @Test
  void aBrokenFileIsRejectedNamingTheFileAndLine() {
    Path bad = fixture("bad.watch.json");

    assertThatThrownBy(() -> ClusterFiles.read(List.of(bad), DerivationConfig.defaults()))
        .isInstanceOf(ClusterFileException.class)
        .hasMessageStartingWith(bad + ":")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void anObjectWithoutANameIsRejectedNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pods.json");
    Files.writeString(file, "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n"
        + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"default\"}}]}");

    assertThatThrownBy(() -> ClusterFiles.read(List.of(file), DerivationConfig.defaults()))
        .hasMessage(file + ":1: items[0] Pod has no metadata.name");
  }

  private static long micros(String t) {
    return Micros.of(Instant.parse(t));
  }

  static Path fixture(String name) {
    try {
      return Path.of(ClusterFilesTest.class.getResource("/cluster/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
