package io.netsight.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every top-level record schema, read from the classpath folder
 * {@code io/netsight/schema/released/<release>/<Record>.avsc} (source: {@code schemas/src/test/resources/released/}).
 * {@code releases.txt} lists the releases in order. Each released file is self-contained (nested types inline), as
 * {@link SchemaRelease} writes it.
 */
public final class ReleasedSchemas {

  static final String ROOT = "io/netsight/schema/released/";

  private static volatile Map<String, Map<Integer, Schema>> cache;

  private ReleasedSchemas() {
  }

  /** Release numbers in order, as listed in releases.txt. */
  public static List<Integer> releases() {
    List<Integer> releases = new ArrayList<>();
    try (InputStream in = resource(ROOT + "releases.txt")) {
      if (in == null) {
        return releases;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          releases.add(Integer.parseInt(s));
        }
      }
    } catch (IOException e) {
      throw AvroSerde.packaging(ROOT + "releases.txt", e);
    }
    return releases;
  }

  /** Released versions of one record (by full name), by release number; empty for a record never released. */
  public static Map<Integer, Schema> versionsOf(String fullName) {
    return all().getOrDefault(fullName, Map.of());
  }

  /** A schema store holding the released versions of one record plus its current schema. */
  static SchemaStore storeFor(String fullName) {
    SchemaStore.Cache store = new SchemaStore.Cache();
    versionsOf(fullName).values().forEach(store::addSchema);
    return store;
  }

  private static Map<String, Map<Integer, Schema>> all() {
    Map<String, Map<Integer, Schema>> result = cache;
    if (result == null) {
      synchronized (ReleasedSchemas.class) {
        result = cache;
        if (result == null) {
          result = load();
          cache = result;
        }
      }
    }
    return result;
  }

  private static Map<String, Map<Integer, Schema>> load() {
    Map<String, Map<Integer, Schema>> byName = new LinkedHashMap<>();
    for (int release : releases()) {
      for (Class<?> type : SchemaRelease.RECORDS) {
        String path = ROOT + release + "/" + type.getSimpleName() + ".avsc";
        try (InputStream in = resource(path)) {
          if (in == null) {
            continue; // the record did not exist in that release
          }
          Schema schema = new Schema.Parser().parse(in);
          byName.computeIfAbsent(schema.getFullName(), k -> new TreeMap<>()).put(release, schema);
        } catch (IOException e) {
          throw AvroSerde.packaging(path, e);
        }
      }
    }
    byName.replaceAll((k, v) -> Collections.unmodifiableMap(v));
    return Collections.unmodifiableMap(byName);
  }

  private static InputStream resource(String path) {
    return ReleasedSchemas.class.getClassLoader().getResourceAsStream(path);
  }
}
