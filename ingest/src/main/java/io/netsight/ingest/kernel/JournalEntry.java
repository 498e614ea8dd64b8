package io.netsight.ingest.kernel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * One line of {@code journalctl -o json}: the fields netsight needs are {@code MESSAGE} (a string, or an array of byte
 * values when the message is not valid UTF-8) and {@code __REALTIME_TIMESTAMP} (microseconds since the epoch, as a
 * string). See systemd's journal-export format documentation.
 */
record JournalEntry(String message, long realtimeMicros) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The entry of a JSON line, or null when the line is not a journal entry with a message and a time. */
  static JournalEntry decode(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode msg = node.get("MESSAGE");
    JsonNode ts = node.get("__REALTIME_TIMESTAMP");
    if (msg == null || ts == null) {
      return null;
    }
    String text;
    if (msg.isTextual()) {
      text = msg.asText();
    } else if (msg.isArray()) {
      byte[] b = new byte[msg.size()];
      for (int i = 0; i < b.length; i++) {
        JsonNode v = msg.get(i);
        if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > 255) {
          return null;
        }
        b[i] = (byte) v.asInt();
      }
      text = new String(b, StandardCharsets.UTF_8);
    } else {
      return null;
    }
    long micros;
    try {
      micros = Long.parseLong(ts.asText());
    } catch (NumberFormatException e) {
      return null;
    }
    return new JournalEntry(text, micros);
  }
}
