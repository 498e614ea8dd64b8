package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The import request is what Kibana's saved objects API takes (checked against a local server, as no Kibana is
 * available here): POST /api/saved_objects/_import?overwrite=true, the kbn-xsrf header, the credentials, and a
 * multipart/form-data body whose 'file' part is the NDJSON, byte for byte.
 */
class KibanaImportTest {

  private final ScriptedHttpServer kibana = new ScriptedHttpServer();

  @AfterEach
  void stop() {
    kibana.close();
  }

  private ElasticsearchSinkConfig config() {
    return new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.USERNAME, "elastic",
        ElasticsearchSinkConfig.PASSWORD, "changeme"));
  }

  @Test
  void postsTheNdjsonAsAMultipartFileWithTheXsrfHeaderAndOverwrite() throws Exception {
    kibana.then(200, "{\"success\":true,\"successCount\":12,\"successResults\":[]}");

    KibanaSavedObjects.ImportResult result = KibanaSavedObjects.importInto(kibana.uri().resolve("/s/ops/"), config());

    assertThat(result.success()).isTrue();
    assertThat(result.successCount()).isEqualTo(12);
    ScriptedHttpServer.Received r = kibana.received().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.pathAndQuery()).isEqualTo("/s/ops/api/saved_objects/_import?overwrite=true");
    assertThat(r.header("kbn-xsrf")).isNotBlank();
    assertThat(r.header("Authorization")).isEqualTo("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    Matcher boundary = Pattern.compile("^multipart/form-data; boundary=(\\S+)$").matcher(r.header("Content-Type"));
    assertThat(boundary.matches()).as(r.header("Content-Type")).isTrue();
    String b = boundary.group(1);
    String body = r.bodyText();
    assertThat(body).startsWith("--" + b + "\r\n").endsWith("\r\n--" + b + "--\r\n");
    String head = body.substring(0, body.indexOf("\r\n\r\n"));
    assertThat(head).contains("Content-Disposition: form-data; name=\"file\"; filename=\""
        + KibanaSavedObjects.FILE_NAME + "\"").contains("Content-Type: application/ndjson");
    String file = body.substring(body.indexOf("\r\n\r\n") + 4, body.length() - ("\r\n--" + b + "--\r\n").length());
    assertThat(file.getBytes(StandardCharsets.UTF_8)).isEqualTo(KibanaSavedObjects.ndjson());
  }

  @Test
  void objectsKibanaRefusesAreReported() throws Exception {
    kibana.then(200, "{\"success\":false,\"successCount\":11,\"errors\":[{\"id\":\"netsight-who-had-ip\","
        + "\"type\":\"search\",\"error\":{\"type\":\"missing_references\",\"message\":\"missing data view\"}}]}");

    KibanaSavedObjects.ImportResult result = KibanaSavedObjects.importInto(kibana.uri(), config());

    assertThat(result.success()).isFalse();
    assertThat(result.errors()).containsExactly("search netsight-who-had-ip: missing_references missing data view");
  }

  @Test
  void aRefusedRequestIsAnErrorWithKibanasReason() {
    kibana.then(400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Request must contain a "
        + "kbn-xsrf header.\"}");

    assertThatThrownBy(() -> KibanaSavedObjects.importInto(kibana.uri(), config()))
        .isInstanceOf(IOException.class).hasMessageContaining("HTTP 400").hasMessageContaining("Bad Request");
  }
}
