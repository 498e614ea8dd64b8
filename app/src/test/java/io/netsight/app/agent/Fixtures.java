package io.netsight.app.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The namespace-lab captures committed in the ingest test-jar (captures/README.md there says how they were made). */
final class Fixtures {

  static final String POD = "ndots-pod-eth0.pcap";
  static final String NODE = "ndots-node-any-sll2.pcap";

  private Fixtures() {
  }

  /** Copies a capture from the classpath (it may be inside the test-jar) into {@code dir}. */
  static Path capture(String name, Path dir) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/captures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("captures/" + name + " is not on the test classpath");
      }
      Path file = dir.resolve(name);
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
