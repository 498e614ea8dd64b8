package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Elasticsearch call failed. {@link #retriable()} tells whether trying again later can succeed (overload,
 * unavailability); a fatal one (refused credentials, a bad request) needs a person.
 */
public class ElasticsearchException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final boolean retriable;

  public ElasticsearchException(String message, boolean retriable) {
    super(message);
    this.retriable = retriable;
  }

  public ElasticsearchException(String message, boolean retriable, Throwable cause) {
    super(message, cause);
    this.retriable = retriable;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The error type and reason of an Elasticsearch error body, or the start of the body if it is not one. */
  static String reason(String body) {
    try {
      JsonNode error = EcsDocument.JSON.readTree(body).path("error");
      if (error.isObject()) {
        return describe(error);
      }
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not JSON: fall through to the raw text
      return abbreviate(body);
    }
    return abbreviate(body);
  }

  /** "type: reason (caused by type: reason)" of an error object. */
  static String describe(JsonNode error) {
    StringBuilder sb = new StringBuilder(error.path("type").asText("error")).append(": ")
        .append(error.path("reason").asText(""));
    JsonNode cause = error.path("caused_by");
    if (cause.isObject()) {
      sb.append(" (caused by ").append(cause.path("type").asText()).append(": ")
          .append(cause.path("reason").asText()).append(')');
    }
    return sb.toString();
  }

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
