package io.netsight.app.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Kafka version on the classpath, read from kafka-clients' own version file (its parser is internal API). */
public final class KafkaVersion {

  private static final String VERSION = read();

  private KafkaVersion() {
  }

  public static String get() {
    return VERSION;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = KafkaVersion.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
