package io.netsight.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into version.properties, with the Kafka and Java versions it runs with. */
public final class VersionProvider implements IVersionProvider {

  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/io/netsight/app/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
        "netsight " + version(),
        "Kafka client " + io.netsight.app.kafka.KafkaVersion.get() + ", Java "
            + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
  }
}
