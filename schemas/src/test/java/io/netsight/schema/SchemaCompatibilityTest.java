package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract: each current record schema reads every released version (backward) and every released reader reads
 * the current version (forward). Released versions live in src/test/resources/released/&lt;n&gt;/.
 */
class SchemaCompatibilityTest {

  /** Both directions; an empty list means compatible. */
  static List<String> problems(Schema current, Schema released) {
    List<String> problems = new ArrayList<>();
    collect("backward (current reads released)", SchemaCompatibility.checkReaderWriterCompatibility(current, released),
        problems);
    collect("forward (released reads current)", SchemaCompatibility.checkReaderWriterCompatibility(released, current),
        problems);
    return problems;
  }

  private static void collect(String direction, SchemaCompatibility.SchemaPairCompatibility result,
      List<String> problems) {
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      for (Incompatibility i : result.getResult().getIncompatibilities()) {
        problems.add(direction + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
      }
    }
  }

  static Stream<Arguments> releasedVersions() {
    List<Arguments> args = new ArrayList<>();
    for (Class<?> type : SchemaRelease.RECORDS) {
      Schema current = SchemaRelease.currentSchema(type);
      for (Map.Entry<Integer, Schema> e : ReleasedSchemas.versionsOf(current.getFullName()).entrySet()) {
        args.add(Arguments.of(type.getSimpleName(), e.getKey(), current, e.getValue()));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} is compatible with release {1}")
  @MethodSource("releasedVersions")
  void currentSchemaIsCompatibleWithEveryRelease(String record, int release, Schema current, Schema released) {
    assertThat(problems(current, released)).as("%s vs release %d", record, release).isEmpty();
  }

  @Test
  void everyReleasedRecordStillExistsAndEveryRecordIsReleased() {
    List<Integer> releases = ReleasedSchemas.releases();
    assertThat(releases).as("releases.txt").isNotEmpty().startsWith(1);
    int latest = releases.get(releases.size() - 1);
    for (Class<?> type : SchemaRelease.RECORDS) {
      String name = SchemaRelease.currentSchema(type).getFullName();
      assertThat(ReleasedSchemas.versionsOf(name)).as("released versions of %s", name).isNotEmpty();
      // A record added since the last release is fine; one that was released must still be in the latest release.
      assertThat(ReleasedSchemas.versionsOf(name)).as("%s in the latest release", name).containsKey(latest);
    }
  }

  @Test
  void theCheckFailsForARequiredFieldAddedWithoutDefault() {
    Schema released = SchemaRelease.currentSchema(io.netsight.schema.v1.TcpReset.class);
    Schema changed = new Schema.Parser().parse(released.toString().replace(
        "{\"name\":\"withAck\"", "{\"name\":\"window\",\"type\":\"int\",\"doc\":\"TCP window\"},{\"name\":\"withAck\""));

    List<String> problems = problems(changed, released);

    assertThat(problems).singleElement().asString()
        .startsWith("backward (current reads released): READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("window");
  }

  @Test
  void theCheckFailsForAChangedFieldType() {
    Schema released = SchemaRelease.currentSchema(io.netsight.schema.v1.TcpReset.class);
    Schema changed = new Schema.Parser().parse(released.toString().replace(
        "{\"name\":\"senderPort\",\"type\":\"int\"", "{\"name\":\"senderPort\",\"type\":\"string\""));

    assertThat(problems(changed, released)).hasSize(2).allMatch(p -> p.contains("TYPE_MISMATCH"))
        .allMatch(p -> p.contains("/fields/3/type")); // field 3 is senderPort
  }

  @Test
  void theCheckFailsForARemovedEnumSymbolWithoutDefault() {
    Schema released = SchemaRelease.currentSchema(io.netsight.schema.v1.Finding.class);
    Schema changed = new Schema.Parser().parse(released.toString()
        .replace("\"KUBE_PROXY_SCALE\",", "")
        .replace("\"symbols\":[\"NDOTS_AMPLIFICATION\"", "\"symbols\":[\"NDOTS_AMPLIFICATION\"")
        .replace(",\"default\":\"UNKNOWN\"},\"doc\":\"Which pattern was detected.\"",
            "},\"doc\":\"Which pattern was detected.\""));

    assertThat(problems(changed, released)).anyMatch(p -> p.contains("MISSING_ENUM_SYMBOLS"));
  }

  @Test
  void addingAnOptionalFieldOrAnEnumSymbolIsCompatible() {
    Schema released = SchemaRelease.currentSchema(io.netsight.schema.v1.Finding.class);
    Schema changed = new Schema.Parser().parse(released.toString()
        .replace("\"KUBE_PROXY_SCALE\",", "\"KUBE_PROXY_SCALE\",\"MTU_BLACKHOLE\",")
        .replace("{\"name\":\"labels\"",
            "{\"name\":\"cluster\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"labels\""));

    assertThat(problems(changed, released)).isEmpty();
  }
}
