package io.netsight.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders Avro records as plain JSON for people and scripts ({@code --print}, {@code --output json}): field names
 * exactly as in the schema, unions written as their value (not Avro's {@code {"string": ...}} wrapping), enums as
 * their symbol, {@code timestamp-micros} as ISO-8601 UTC with microseconds, non-finite doubles as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. This output is a stable interface: one object per line.
 */
public final class AvroJson {

  private static final JsonFactory FACTORY = new JsonFactory();
  /** Resolves unions holding logical-type values (Instant) as the generated classes do. */
  private static final GenericData MODEL = new GenericData();

  static {
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }
  private static final DateTimeFormatter MICROS = new java.time.format.DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(java.time.temporal.ChronoField.MICRO_OF_SECOND, 6, 6, true)
      .appendLiteral('Z').toFormatter().withZone(java.time.ZoneOffset.UTC);

  private AvroJson() {
  }

  /** One line of JSON for the record. */
  public static String toJson(IndexedRecord record) {
    StringWriter out = new StringWriter(256);
    write(record, out);
    return out.toString();
  }

  /** Writes one JSON object (no newline). */
  public static void write(IndexedRecord record, Writer out) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      writeValue(g, record.getSchema(), record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Formats microseconds since the epoch as ISO-8601 UTC with six fraction digits. */
  public static String formatMicros(long micros) {
    return MICROS.format(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)));
  }

  /** Formats an instant at microsecond precision. */
  public static String formatInstant(Instant instant) {
    return MICROS.format(instant);
  }

  private static void writeValue(JsonGenerator g, Schema schema, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimestampMillis) {
      if (value instanceof Instant i) {
        g.writeString(formatInstant(i));
        return;
      }
      if (value instanceof Long l) {
        g.writeString(formatMicros(logical instanceof LogicalTypes.TimestampMillis ? l * 1000 : l));
        return;
      }
    }
    switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord r = (IndexedRecord) value;
        g.writeStartObject();
        for (Schema.Field f : schema.getFields()) {
          g.writeFieldName(f.name());
          writeValue(g, f.schema(), r.get(f.pos()));
        }
        g.writeEndObject();
      }
      case UNION -> writeValue(g, schema.getTypes().get(MODEL.resolveUnion(schema, value)), value);
      case ARRAY -> {
        g.writeStartArray();
        for (Object item : (Collection<?>) value) {
          writeValue(g, schema.getElementType(), item);
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : new java.util.TreeMap<>((Map<?, ?>) value).entrySet()) {
          g.writeFieldName(e.getKey().toString());
          writeValue(g, schema.getValueType(), e.getValue());
        }
        g.writeEndObject();
      }
      case STRING, ENUM -> g.writeString(value.toString());
      case INT -> g.writeNumber(((Number) value).intValue());
      case LONG -> g.writeNumber(((Number) value).longValue());
      case FLOAT, DOUBLE -> {
        double d = ((Number) value).doubleValue();
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
      }
      case BOOLEAN -> g.writeBoolean((Boolean) value);
      case BYTES -> {
        ByteBuffer b = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        g.writeBinary(bytes);
      }
      case FIXED -> g.writeBinary(((GenericData.Fixed) value).bytes());
      case NULL -> g.writeNull();
      default -> throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
    }
  }
}
