package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code netsight} jar as a user would, and reads what it prints. */
final class NetsightProcess {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a finished run printed. */
  record Run(int exitCode, String stdout, String stderr) {

    /** stdout as JSON objects, one per line. */
    List<JsonNode> jsonLines() {
      List<JsonNode> out = new ArrayList<>();
      for (String line : stdout.split("\n")) {
        if (!line.isBlank()) {
          try {
            out.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
          }
        }
      }
      return out;
    }
  }

  private NetsightProcess() {
  }

  static Path jar() {
    Path jar = Path.of("target", "netsight.jar");
    assertThat(jar).as("the app jar, built in the package phase").exists();
    return jar;
  }

  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs netsight to completion (2 minutes at most). */
  static Run run(String... args) {
    try {
      Process p = new ProcessBuilder(command(args)).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("netsight %s finished", List.of(args)).isTrue();
      return new Run(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
