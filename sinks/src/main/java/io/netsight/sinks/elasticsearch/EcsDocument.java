package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsight.schema.AvroJson;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * One Elasticsearch document on its way to a bulk request: target index, {@code _id}, optional external version, and
 * the source built with dotted ECS paths ({@code put("event.kind", "alert")} makes nested objects). Null values and
 * empty collections are left out, so a document never carries a field as {@code null}.
 *
 * @param index   target index
 * @param id      document id (idempotence: the same record always gets the same id)
 * @param version external version (findings: revision; bindings: time of the change), or {@code null} for a plain
 *                overwrite
 * @param source  the document
 */
public record EcsDocument(String index, String id, Long version, ObjectNode source) {

  static final ObjectMapper JSON = new ObjectMapper();
  /** The ECS version the field names follow. */
  public static final String ECS_VERSION = "8.17.0";

  /** A fresh source with {@code ecs.version} set. */
  static Source newSource() {
    return new Source(JsonNodeFactory.instance.objectNode()).put("ecs.version", ECS_VERSION);
  }

  /** Builder for a document source with dotted paths. */
  static final class Source {
    private final ObjectNode root;

    Source(ObjectNode root) {
      this.root = root;
    }

    ObjectNode node() {
      return root;
    }

    private ObjectNode parent(String path) {
      ObjectNode n = root;
      int start = 0;
      for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', start)) {
        String part = path.substring(start, dot);
        JsonNode child = n.get(part);
        n = child instanceof ObjectNode o ? o : n.putObject(part);
        start = dot + 1;
      }
      return n;
    }

    private static String leaf(String path) {
      return path.substring(path.lastIndexOf('.') + 1);
    }

    Source put(String path, String value) {
      if (value != null) {
        parent(path).put(leaf(path), value);
      }
      return this;
    }

    Source put(String path, Number value) {
      if (value instanceof Integer i) {
        parent(path).put(leaf(path), i);
      } else if (value instanceof Long l) {
        parent(path).put(leaf(path), l);
      } else if (value instanceof Double d) {
        if (Double.isFinite(d)) {
          parent(path).put(leaf(path), d);
        }
      } else if (value != null) {
        parent(path).put(leaf(path), value.doubleValue());
      }
      return this;
    }

    Source put(String path, Boolean value) {
      if (value != null) {
        parent(path).put(leaf(path), value);
      }
      return this;
    }

    /** An ISO-8601 UTC time with microseconds (Elasticsearch's {@code date} keeps milliseconds). */
    Source put(String path, Instant value) {
      return value == null ? this : put(path, AvroJson.formatInstant(value));
    }

    /** A symbol (enum) as its name. */
    Source put(String path, Enum<?> value) {
      return value == null ? this : put(path, value.name());
    }

    Source putStrings(String path, Collection<String> values) {
      if (values != null && !values.isEmpty()) {
        ArrayNode a = parent(path).putArray(leaf(path));
        values.forEach(a::add);
      }
      return this;
    }

    Source putNode(String path, JsonNode value) {
      if (value != null && !(value.isContainerNode() && value.isEmpty())) {
        parent(path).set(leaf(path), value);
      }
      return this;
    }

    /**
     * A map of keyword values under {@code path}, keys "de-dotted" ('.' becomes '_') as Beats does for Kubernetes
     * labels: {@code app} and {@code app.kubernetes.io/name} would otherwise clash as a value and an object.
     */
    Source putKeywordMap(String path, Map<String, String> map) {
      if (map != null && !map.isEmpty()) {
        ObjectNode o = parent(path).putObject(leaf(path));
        new java.util.TreeMap<>(map).forEach((k, v) -> o.put(dedot(k), v));
      }
      return this;
    }

    /** A map of numbers under {@code path}, keys de-dotted; non-finite values are dropped (not JSON numbers). */
    Source putNumberMap(String path, Map<String, Double> map) {
      if (map != null && !map.isEmpty()) {
        ObjectNode o = parent(path).putObject(leaf(path));
        new java.util.TreeMap<>(map).forEach((k, v) -> {
          if (v != null && Double.isFinite(v)) {
            o.put(dedot(k), v);
          }
        });
      }
      return this;
    }
  }

  static String dedot(String key) {
    return key.replace('.', '_');
  }

  static String lower(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }

  /** The source as compact JSON bytes. */
  byte[] sourceBytes() {
    try {
      return JSON.writeValueAsBytes(source);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render a document", e);
    }
  }
}
