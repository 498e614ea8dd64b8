package io.netsight.schema;

import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackStats;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedConntrackEvent;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.EnrichedTcpReset;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KubeProxySample;
import io.netsight.schema.v1.ServiceBinding;
import io.netsight.schema.v1.TcpReset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The top-level records that travel on topics, and the tool that freezes them as a release.
 *
 * <p>To cut release N: {@code java -cp schemas/target/classes:$(cat cp.txt) io.netsight.schema.SchemaRelease N
 * schemas/src/test/resources/released}, then add N to {@code releases.txt}. See docs/schemas.md.
 */
public final class SchemaRelease {

  /** Every record class that is a topic's key or value. */
  public static final List<Class<?>> RECORDS = List.of(
      DnsTransaction.class, TcpReset.class, ConntrackEvent.class, ConntrackStats.class, KernelDrop.class,
      KubeProxySample.class, IpBinding.class, ServiceBinding.class, Finding.class,
      EnrichedDnsTransaction.class, EnrichedTcpReset.class, EnrichedConntrackEvent.class, EnrichedKernelDrop.class);

  private SchemaRelease() {
  }

  public static Schema currentSchema(Class<?> type) {
    return SpecificData.get().getSchema(type);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SchemaRelease <release-number> <released-folder>");
      System.exit(2);
    }
    int release = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1], Integer.toString(release));
    Files.createDirectories(dir);
    for (Class<?> type : RECORDS) {
      Path file = dir.resolve(type.getSimpleName() + ".avsc");
      Files.writeString(file, currentSchema(type).toString(true) + "\n", StandardCharsets.UTF_8);
      System.out.println("wrote " + file);
    }
  }
}
