package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kibana saved objects of netsight (data views, saved searches, the overview dashboard), as the NDJSON file in
 * docs/kibana/, and their import through Kibana's saved objects API:
 * {@code POST <kibana>/api/saved_objects/_import?overwrite=true} with the file as multipart form data and the
 * {@code kbn-xsrf} header Kibana requires of every API write. Objects have fixed ids, so importing again updates
 * them in place.
 */
public final class KibanaSavedObjects {

  /** The classpath resource (packaged from docs/kibana/). */
  public static final String RESOURCE = "/io/netsight/sinks/elasticsearch/kibana/netsight-saved-objects.ndjson";
  public static final String FILE_NAME = "netsight-saved-objects.ndjson";

  private static final Logger LOG = LoggerFactory.getLogger(KibanaSavedObjects.class);

  private KibanaSavedObjects() {
  }

  /**
   * The outcome of an import.
   *
   * @param successCount objects imported
   * @param errors       one line per object Kibana refused
   */
  public record ImportResult(int successCount, List<String> errors) {
    public boolean success() {
      return errors.isEmpty();
    }
  }

  /** The NDJSON bytes. */
  public static byte[] ndjson() {
    try (InputStream in = KibanaSavedObjects.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("netsight-sinks is packaged without " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Imports the saved objects into the Kibana at {@code kibanaUrl} (a space: {@code https://kibana:5601/s/ops}),
   * authenticating and trusting like the Elasticsearch connection of {@code config}.
   */
  public static ImportResult importInto(URI kibanaUrl, ElasticsearchSinkConfig config)
      throws IOException, InterruptedException {
    String base = kibanaUrl.toString().endsWith("/") ? kibanaUrl.toString().substring(0,
        kibanaUrl.toString().length() - 1) : kibanaUrl.toString();
    HttpEndpoint kibana = new HttpEndpoint(URI.create(base), config.authorization(), config.authDescription(),
        config.caFile(), config.connectTimeout(), config.requestTimeout());
    return importInto(kibana, ndjson());
  }

  static ImportResult importInto(HttpEndpoint kibana, byte[] ndjson) throws IOException, InterruptedException {
    String boundary = "netsight-" + UUID.randomUUID();
    byte[] body = multipart(boundary, ndjson);
    HttpEndpoint.Response r = kibana.send("POST", "/api/saved_objects/_import?overwrite=true",
        "multipart/form-data; boundary=" + boundary, body, Map.of("kbn-xsrf", "netsight"));
    if (!r.ok()) {
      throw new IOException("Kibana at " + kibana + " refused the import (HTTP " + r.status() + "): "
          + ElasticsearchException.reason(r.body()));
    }
    JsonNode answer = EcsDocument.JSON.readTree(r.body());
    List<String> errors = new ArrayList<>();
    for (JsonNode e : answer.path("errors")) {
      errors.add(e.path("type").asText() + " " + e.path("id").asText() + ": " + e.path("error").path("type").asText()
          + " " + e.path("error").path("message").asText(""));
    }
    if (!answer.path("success").asBoolean(false) && errors.isEmpty()) {
      errors.add("Kibana answered success=false: " + r.body());
    }
    int count = answer.path("successCount").asInt();
    LOG.info("Kibana at {}: {} saved objects imported, {} refused", kibana, count, errors.size());
    return new ImportResult(count, errors);
  }

  static byte[] multipart(String boundary, byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
    String head = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + FILE_NAME + "\"\r\n"
        + "Content-Type: application/ndjson\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
