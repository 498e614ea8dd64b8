package io.netsight.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.CommandLineTestBase;
import io.netsight.sinks.testing.ElasticsearchServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netsight analyze --elasticsearch URL} on the demo incident writes what a person then searches in Kibana. */
class AnalyzeElasticsearchIT extends CommandLineTestBase {

  private static ElasticsearchServer es;

  @TempDir
  Path dir;

  @BeforeAll
  static void startElasticsearch() {
    es = ElasticsearchServer.start(ElasticsearchServer.Line.ES8);
  }

  @AfterAll
  static void stopElasticsearch() {
    if (es != null) {
      es.close();
    }
  }

  @Test
  void theFindingAndItsEvidenceLandInElasticsearchWithoutTheTick() throws Exception {
    assertThat(run("demo", "--keep", dir.toString(), "--output", "json")).as(err.toString()).isZero();
    out.getBuffer().setLength(0);

    int rc = run("analyze", "--pcap", dir.resolve("node-a-any.pcap").toString(),
        "--cluster", dir.resolve("cluster.yaml").toString(), "--cluster", dir.resolve("pods-watch.json").toString(),
        "--elasticsearch", es.url(), "--output", "json");

    assertThat(rc).as(err.toString()).isZero();
    JsonNode findings = search("netsight-findings", "{\"query\":{\"match_all\":{}}}");
    assertThat(findings.at("/hits/total/value").asInt()).isEqualTo(1);
    JsonNode f = findings.at("/hits/hits/0/_source");
    assertThat(f.at("/rule/name").asText()).isEqualTo("NDOTS_AMPLIFICATION");
    assertThat(f.at("/kubernetes/namespace").asText()).isEqualTo("default");
    // Every DNS transaction of the capture is evidence; the stream-time tick is not.
    JsonNode dns = search("netsight-dns-*", "{\"query\":{\"match_all\":{}},\"size\":0}");
    assertThat(dns.at("/hits/total/value").asInt()).isEqualTo(36);
    JsonNode pod = search("netsight-dns-*", "{\"query\":{\"term\":{\"kubernetes.pod.name\":\""
        + LabIncident.WEB_POD + "\"}},\"size\":0}");
    assertThat(pod.at("/hits/total/value").asInt()).isEqualTo(36);
  }

  private static JsonNode search(String index, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(es.url() + "/" + index + "/_search?track_total_hits=true"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }
}
