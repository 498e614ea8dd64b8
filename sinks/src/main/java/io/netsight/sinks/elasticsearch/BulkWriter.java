package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes documents with {@code _bulk} and makes sure each one either landed or is accounted for. Every item's status is
 * checked (a 200 answer can carry failures):
 * <ul>
 *   <li>2xx: indexed;</li>
 *   <li>409 on a versioned document: Elasticsearch already holds this or a newer version (a replay, or an older
 *       revision arriving late): nothing to do, counted as superseded;</li>
 *   <li>429 and 5xx (and a whole request that fails with a connection error, a timeout, 429 or 5xx): retried, only the
 *       failed items, with exponential backoff and jitter, at most {@link Backoff#maxRetries()} times, then
 *       {@link RetriesExhaustedException};</li>
 *   <li>400 (the document does not fit the mapping): rejected, returned to the caller for the dead-letter topic;
 *       the rest of the batch is unaffected;</li>
 *   <li>anything else (401/403 credentials, 404 with auto-create off, 413...): {@link ElasticsearchException}, fatal:
 *       retrying would not help and dead-lettering would throw away good documents.</li>
 * </ul>
 */
public final class BulkWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
  private static final JsonFactory JSON = new JsonFactory();

  /** One document to write, with whatever the caller needs to trace it back (the Kafka record). */
  public static final class Item<T> {
    private final EcsDocument document;
    private final T origin;
    private final byte[] action;
    private final byte[] source;

    public Item(EcsDocument document, T origin) {
      this.document = document;
      this.origin = origin;
      this.action = actionLine(document);
      this.source = document.sourceBytes();
    }

    public EcsDocument document() {
      return document;
    }

    public T origin() {
      return origin;
    }

    /** Bytes this item takes in the bulk body. */
    public int size() {
      return action.length + source.length + 2;
    }
  }

  /** A document Elasticsearch refused for itself, with its error. */
  public record Rejection<T>(Item<T> item, int status, String errorType, String reason) {
  }

  /**
   * What a write came to.
   *
   * @param indexed    documents created or overwritten
   * @param superseded versioned documents Elasticsearch already had at this or a newer version
   * @param rejected   documents refused for their content (for the dead-letter topic)
   * @param retries    retries it took
   */
  public record Result<T>(int indexed, int superseded, List<Rejection<T>> rejected, int retries) {
  }

  private final ElasticsearchClient client;
  private final Backoff backoff;
  private final Backoff.Sleeper sleeper;
  private final java.util.concurrent.atomic.AtomicLong retriesTotal = new java.util.concurrent.atomic.AtomicLong();

  public BulkWriter(ElasticsearchClient client, Backoff backoff) {
    this(client, backoff, Backoff.Sleeper.REAL);
  }

  /** With a sleeper of the caller's: the sink's returns early, with an InterruptedException, when it is closed. */
  public BulkWriter(ElasticsearchClient client, Backoff backoff, Backoff.Sleeper sleeper) {
    this.client = client;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /**
   * Writes the items in one bulk request (the caller sizes batches), retrying what can be retried.
   *
   * @throws RetriesExhaustedException when retriable failures outlast the retry budget
   * @throws ElasticsearchException    on a fatal answer
   */
  public <T> Result<T> write(List<Item<T>> items) throws InterruptedException {
    int indexed = 0;
    int superseded = 0;
    List<Rejection<T>> rejected = new ArrayList<>();
    List<Item<T>> pending = items;
    int retry = 0;
    while (!pending.isEmpty()) {
      String failure;
      List<Item<T>> again = new ArrayList<>();
      try {
        HttpEndpoint.Response r = client.bulk(ndjson(pending));
        if (r.ok()) {
          JsonNode body = EcsDocument.JSON.readTree(r.body());
          JsonNode results = body.path("items");
          if (results.size() != pending.size()) {
            throw new ElasticsearchException("Bulk answer has " + results.size() + " items for " + pending.size()
                + " documents", false);
          }
          String firstRetriable = null;
          for (int i = 0; i < pending.size(); i++) {
            JsonNode result = results.get(i).elements().next();
            int status = result.path("status").asInt();
            Item<T> item = pending.get(i);
            if (status >= 200 && status < 300) {
              indexed++;
            } else if (status == 409 && item.document().version() != null) {
              superseded++;
            } else if (status == 429 || status >= 500) {
              again.add(item);
              if (firstRetriable == null) {
                firstRetriable = "HTTP " + status + " " + ElasticsearchException.describe(result.path("error"));
              }
            } else if (status == 400) {
              JsonNode error = result.path("error");
              rejected.add(new Rejection<>(item, status, error.path("type").asText("unknown"),
                  ElasticsearchException.describe(error)));
            } else {
              throw new ElasticsearchException("Elasticsearch refused document " + item.document().id() + " for "
                  + item.document().index() + " (HTTP " + status + "): "
                  + ElasticsearchException.describe(result.path("error")), false);
            }
          }
          if (again.isEmpty()) {
            break;
          }
          failure = again.size() + " of " + pending.size() + " documents failed with " + firstRetriable;
        } else if (r.status() == 429 || r.status() >= 500) {
          again = pending;
          failure = "HTTP " + r.status() + ": " + ElasticsearchException.reason(r.body());
        } else {
          throw new ElasticsearchException("Bulk request to " + client + " refused (HTTP " + r.status() + "): "
              + ElasticsearchException.reason(r.body()) + hint(r.status()), false);
        }
      } catch (IOException e) {
        // Connection refused or reset, timeout, or an answer cut short: the cluster may have applied some items,
        // so the whole request is sent again; ids and versions make that harmless.
        again = pending;
        failure = describe(e);
      }
      retry++;
      if (retry > backoff.maxRetries()) {
        throw new RetriesExhaustedException("Elasticsearch bulk write failed after " + backoff.maxRetries()
            + " retries: " + failure);
      }
      retriesTotal.incrementAndGet();
      java.time.Duration delay = backoff.delay(retry);
      LOG.warn("Bulk write of {} documents failed ({}); retry {} of {} in {} ms", again.size(), failure, retry,
          backoff.maxRetries(), delay.toMillis());
      sleeper.sleep(delay);
      pending = again;
    }
    return new Result<>(indexed, superseded, rejected, retry);
  }

  /** Retries so far, counted as they happen (a write still retrying included). */
  public long retries() {
    return retriesTotal.get();
  }

  private static String hint(int status) {
    return switch (status) {
      case 401, 403 -> " (check elasticsearch.api-key or elasticsearch.username/password and the role's index "
          + "privileges)";
      case 413 -> " (lower sink.bulk.max-bytes below the cluster's http.max_content_length)";
      default -> "";
    };
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append(" <- ").append(c.getClass().getSimpleName());
    }
    return sb.toString();
  }

  /** The NDJSON body: an action line and a source line per item, each ending in a newline. */
  static <T> byte[] ndjson(List<Item<T>> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 512);
    try {
      for (Item<T> item : items) {
        out.write(item.action);
        out.write('\n');
        out.write(item.source);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] actionLine(EcsDocument doc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("index");
      g.writeStringField("_index", doc.index());
      g.writeStringField("_id", doc.id());
      if (doc.version() != null) {
        // external_gte: the same version again (a replay) rewrites the document, an older one is refused (409).
        g.writeNumberField("version", doc.version());
        g.writeStringField("version_type", "external_gte");
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
