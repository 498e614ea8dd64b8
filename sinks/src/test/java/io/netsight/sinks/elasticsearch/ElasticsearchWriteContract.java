package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.Severity;
import io.netsight.sinks.testing.ElasticsearchServer;
import io.netsight.sinks.testing.SinkFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the sink writes, as the real Elasticsearch stores and answers it: templates, one document per episode, no
 * duplicates on replay, mapping rejections item by item, and the postmortem queries of docs/elasticsearch.md. Run
 * once per Elasticsearch line by the {@code ElasticsearchWrite*IT} classes, one server per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ElasticsearchWriteContract {

  private ElasticsearchServer server;
  private ElasticsearchClient client;

  abstract ElasticsearchServer.Line line();

  @BeforeAll
  void startElasticsearch() {
    line().assumeAvailable();
    server = ElasticsearchServer.start(line());
    client = ElasticsearchClient.create(new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, server.url())));
  }

  @AfterAll
  void stopElasticsearch() {
    if (server != null) {
      server.close();
    }
  }

  private BulkWriter.Result<String> write(String prefix, List<EcsDocument> docs) throws Exception {
    client.installTemplates(List.of(IndexKind.values()), prefix, 1, 0, 500);
    List<BulkWriter.Item<String>> items = new ArrayList<>();
    for (EcsDocument d : docs) {
      items.add(new BulkWriter.Item<>(d, d.id()));
    }
    BulkWriter.Result<String> result = new BulkWriter(client,
        new Backoff(3, Duration.ofMillis(100), Duration.ofSeconds(1))).write(items);
    client.refresh(prefix + "-*");
    return result;
  }

  private long count(String index, String query) throws Exception {
    return client.request("POST", "/" + index + "/_count", query).path("count").asLong();
  }

  @Test
  void templatesAreInstalledWithTheirPriorityAndIndicesGetTheirMappings() throws Exception {
    write("tpl", List.of(EcsDocuments.dns(SinkFixtures.dns(0), "tpl")));

    JsonNode templates = client.request("GET", "/_index_template/tpl-*", null).path("index_templates");
    assertThat(templates).hasSize(IndexKind.values().length);
    assertThat(templates).allSatisfy(t -> assertThat(t.path("index_template").path("priority").asInt())
        .isEqualTo(500));
    JsonNode mapping = client.request("GET", "/tpl-dns-2026.11.26/_mapping/field/source.ip,"
        + "dns.question.name,@timestamp", null).path("tpl-dns-2026.11.26").path("mappings");
    assertThat(mapping.path("source.ip").path("mapping").path("ip").path("type").asText()).isEqualTo("ip");
    assertThat(mapping.path("dns.question.name").path("mapping").path("name").path("type").asText())
        .isEqualTo("keyword");
    assertThat(mapping.path("@timestamp").path("mapping").path("@timestamp").path("type").asText())
        .isEqualTo("date");
    JsonNode settings = client.request("GET", "/tpl-dns-2026.11.26/_settings", null)
        .path("tpl-dns-2026.11.26").path("settings").path("index");
    assertThat(settings.path("number_of_replicas").asText()).isEqualTo("0");
  }

  @Test
  void revisionsOverwriteTheirEpisodeAndAnOlderRevisionArrivingLateLoses() throws Exception {
    String id = "ndots/shop/Deployment/checkout/1764151734";
    BulkWriter.Result<String> first = write("rev", List.of(
        EcsDocuments.finding(SinkFixtures.ndotsFinding(id, 1, FindingStatus.OPEN, Severity.LOW), "rev"),
        EcsDocuments.finding(SinkFixtures.ndotsFinding(id, 3, FindingStatus.RESOLVED, Severity.HIGH), "rev")));
    BulkWriter.Result<String> late = write("rev", List.of(
        EcsDocuments.finding(SinkFixtures.ndotsFinding(id, 2, FindingStatus.OPEN, Severity.MEDIUM), "rev")));

    assertThat(first.indexed()).isEqualTo(2);
    assertThat(late.superseded()).isEqualTo(1);
    assertThat(count("rev-findings", null)).isEqualTo(1);
    JsonNode doc = client.request("GET", "/rev-findings/_doc/" + java.net.URLEncoder.encode(id,
        StandardCharsets.UTF_8), null);
    assertThat(doc.path("_version").asLong()).isEqualTo(3);
    assertThat(doc.path("_source").path("netsight").path("finding").path("status").asText()).isEqualTo("RESOLVED");
    assertThat(doc.path("_source").path("netsight").path("finding").path("revision").asInt()).isEqualTo(3);
  }

  @Test
  void writingTheSameRecordsAgainAddsNoDocument() throws Exception {
    List<EcsDocument> docs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      docs.add(EcsDocuments.dns(SinkFixtures.dns(i), "replay"));
      docs.add(EcsDocuments.tcpReset(SinkFixtures.tcpReset(i), "replay"));
    }
    docs.add(EcsDocuments.ipBinding(SinkFixtures.jobPod(), "replay"));

    write("replay", docs);
    long before = count("replay-*", null);
    BulkWriter.Result<String> again = write("replay", docs);

    assertThat(before).isEqualTo(401);
    assertThat(count("replay-*", null)).isEqualTo(before);
    assertThat(again.indexed() + again.superseded()).isEqualTo(401);
  }

  @Test
  void aDocumentTheMappingRefusesIsReturnedAndTheRestOfItsBatchIsIndexed() throws Exception {
    EnrichedKernelDrop good = SinkFixtures.kernelDrop(1, SinkFixtures.REUSED_IP);
    KernelDrop malformed = KernelDrop.newBuilder(good.getDrop()).setSrcIp("10.244.1.300")
        .setRaw("calico-drop: SRC=10.244.1.300 (a parser bug)").build();
    EnrichedKernelDrop bad = EnrichedKernelDrop.newBuilder(good).setDrop(malformed)
        .setSource(SinkFixtures.unattributed("10.244.1.300")).build();

    BulkWriter.Result<String> result = write("reject", List.of(
        EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(0, SinkFixtures.REUSED_IP), "reject"),
        EcsDocuments.kernelDrop(bad, "reject"),
        EcsDocuments.kernelDrop(good, "reject")));

    assertThat(result.indexed()).isEqualTo(2);
    assertThat(result.rejected()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorType()).isIn("document_parsing_exception", "mapper_parsing_exception");
      assertThat(r.reason()).contains("10.244.1.300");
    });
    assertThat(count("reject-kernel-drop-*", null)).isEqualTo(2);
  }

  /** Loads the incident of SinkFixtures and runs every query docs/elasticsearch.md marks as a postmortem query. */
  @Test
  void thePostmortemQueriesOfTheDocsFindTheIncident() throws Exception {
    List<EcsDocument> docs = new ArrayList<>();
    docs.add(EcsDocuments.ipBinding(SinkFixtures.jobPod(), "netsight"));
    docs.add(EcsDocuments.ipBinding(io.netsight.schema.v1.IpBinding.newBuilder(SinkFixtures.jobPod())
        .setValidTo(null).setTimestamp(SinkFixtures.T0).build(), "netsight")); // its opening, superseded
    docs.add(EcsDocuments.ipBinding(SinkFixtures.checkoutPod(), "netsight"));
    for (int i = 0; i < 10; i++) {
      docs.add(EcsDocuments.dns(SinkFixtures.dns(i), "netsight"));
      docs.add(EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(i, SinkFixtures.REUSED_IP), "netsight"));
    }
    docs.add(EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(10, "10.244.7.7"), "netsight"));
    docs.add(EcsDocuments.finding(SinkFixtures.ndotsFinding("ndots/a", 2, FindingStatus.OPEN, Severity.MEDIUM),
        "netsight"));
    docs.add(EcsDocuments.finding(SinkFixtures.resetFinding("reset/b"), "netsight"));
    docs.add(EcsDocuments.finding(SinkFixtures.ndotsFinding("ndots/c", 4, FindingStatus.RESOLVED, Severity.CRITICAL),
        "netsight"));
    write("netsight", docs);

    Map<String, JsonNode> answers = new LinkedHashMap<>();
    for (DocumentedQuery q : documentedQueries()) {
      answers.put(q.name(), client.request(q.method(), q.path(), q.body()));
    }

    assertThat(answers).containsOnlyKeys("who-had-ip", "ip-history", "address-timeline", "pod-nxdomain",
        "open-findings", "drops-by-sender");
    assertThat(hits(answers.get("who-had-ip"))).extracting(h -> h.path("_source").path("netsight").path("binding")
        .path("name").asText()).containsExactly("checkout-7d9c5b6f4-x2x9q");
    assertThat(hits(answers.get("ip-history"))).extracting(h -> h.path("_source").path("netsight").path("binding")
        .path("name").asText()).containsExactly("report-28391-abcde", "checkout-7d9c5b6f4-x2x9q");
    assertThat(hits(answers.get("ip-history")).get(0).path("_source").path("event").path("end").asText())
        .isEqualTo("2026-11-26T10:05:00.000000Z");
    assertThat(hits(answers.get("address-timeline"))).hasSize(20).allSatisfy(h ->
        assertThat(h.path("_index").asText()).matches("netsight-(dns|kernel-drop)-2026\\.11\\.26"));
    JsonNode names = answers.get("pod-nxdomain").path("aggregations").path("names").path("buckets");
    assertThat(names).singleElement().satisfies(b -> {
      assertThat(b.path("key").asText()).isEqualTo("api.example.com.shop.svc.cluster.local");
      assertThat(b.path("doc_count").asInt()).isEqualTo(5);
    });
    assertThat(hits(answers.get("open-findings"))).extracting(h -> h.path("_id").asText())
        .containsExactly("reset/b", "ndots/a");
    JsonNode senders = answers.get("drops-by-sender").path("aggregations").path("senders").path("buckets");
    assertThat(senders).extracting(b -> b.path("key").asText() + "=" + b.path("doc_count").asInt())
        .containsExactly(SinkFixtures.REUSED_IP + "=10", "10.244.7.7=1");
    assertThat(senders.get(0).path("ports").path("buckets").get(0).path("key").asInt()).isEqualTo(8443);

    // The same interval query one step earlier in time names the previous holder.
    String earlier = documentedQueries().get(0).body().replace("10:08:54Z", "10:03:00Z");
    assertThat(hits(client.request("GET", "/netsight-ip-bindings/_search", earlier)))
        .extracting(h -> h.path("_source").path("netsight").path("binding").path("name").asText())
        .containsExactly("report-28391-abcde");
  }

  private static List<JsonNode> hits(JsonNode answer) {
    List<JsonNode> out = new ArrayList<>();
    answer.path("hits").path("hits").forEach(out::add);
    return out;
  }

  /** A query block of docs/elasticsearch.md: {@code <!-- postmortem-query: NAME -->}, then an http code block. */
  record DocumentedQuery(String name, String method, String path, String body) {
  }

  static List<DocumentedQuery> documentedQueries() throws Exception {
    Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/elasticsearch.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- postmortem-query: ([a-z-]+) -->\\s*```http\\n(GET|POST) (\\S+)\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(text);
    List<DocumentedQuery> out = new ArrayList<>();
    while (m.find()) {
      out.add(new DocumentedQuery(m.group(1), m.group(2), m.group(3), m.group(4)));
    }
    assertThat(out).as("postmortem queries in %s", doc).isNotEmpty();
    return out;
  }
}
