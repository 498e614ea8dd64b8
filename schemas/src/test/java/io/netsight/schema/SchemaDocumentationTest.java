package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The .avsc files are the contract people read: every record, enum and field says what it is. */
class SchemaDocumentationTest {

  @Test
  void everyRecordEnumAndFieldHasADoc() {
    List<String> missing = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> type : SchemaRelease.RECORDS) {
      walk(SchemaRelease.currentSchema(type), missing, seen);
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyEnumHasADefaultSoNewSymbolsStayReadable() {
    List<String> without = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> type : SchemaRelease.RECORDS) {
      enums(SchemaRelease.currentSchema(type), seen).stream()
          .filter(e -> e.getEnumDefault() == null).forEach(e -> without.add(e.getFullName()));
    }
    assertThat(seen).isNotEmpty();
    assertThat(without).isEmpty();
  }

  @Test
  void everyRecordCarriesNodeAndAMicrosecondEventTime() {
    for (Class<?> type : List.of(io.netsight.schema.v1.DnsTransaction.class, io.netsight.schema.v1.TcpReset.class,
        io.netsight.schema.v1.ConntrackEvent.class, io.netsight.schema.v1.ConntrackStats.class,
        io.netsight.schema.v1.KernelDrop.class, io.netsight.schema.v1.KubeProxySample.class,
        io.netsight.schema.v1.IpBinding.class, io.netsight.schema.v1.ServiceBinding.class,
        io.netsight.schema.v1.Finding.class)) {
      Schema s = SchemaRelease.currentSchema(type);
      assertThat(s.getField("node")).as("%s.node", s.getName()).isNotNull();
      assertThat(s.getField("timestamp").schema().getLogicalType()).as("%s.timestamp", s.getName())
          .isEqualTo(LogicalTypes.timestampMicros());
    }
  }

  private static void walk(Schema s, List<String> missing, Set<String> seen) {
    switch (s.getType()) {
      case RECORD -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        if (blank(s.getDoc())) {
          missing.add("record " + s.getFullName());
        }
        for (Schema.Field f : s.getFields()) {
          if (blank(f.doc())) {
            missing.add("field " + s.getFullName() + "." + f.name());
          }
          walk(f.schema(), missing, seen);
        }
      }
      case ENUM -> {
        if (seen.add(s.getFullName()) && blank(s.getDoc())) {
          missing.add("enum " + s.getFullName());
        }
      }
      case UNION -> s.getTypes().forEach(t -> walk(t, missing, seen));
      case ARRAY -> walk(s.getElementType(), missing, seen);
      case MAP -> walk(s.getValueType(), missing, seen);
      default -> {
      }
    }
  }

  private static List<Schema> enums(Schema s, Set<String> seen) {
    List<Schema> out = new ArrayList<>();
    switch (s.getType()) {
      case RECORD -> {
        if (seen.add(s.getFullName())) {
          s.getFields().forEach(f -> out.addAll(enums(f.schema(), seen)));
        }
      }
      case ENUM -> {
        if (seen.add(s.getFullName())) {
          out.add(s);
        }
      }
      case UNION -> s.getTypes().forEach(t -> out.addAll(enums(t, seen)));
      case ARRAY -> out.addAll(enums(s.getElementType(), seen));
      case MAP -> out.addAll(enums(s.getValueType(), seen));
      default -> {
      }
    }
    return out;
  }

  private static boolean blank(String doc) {
    return doc == null || doc.isBlank();
  }
}
