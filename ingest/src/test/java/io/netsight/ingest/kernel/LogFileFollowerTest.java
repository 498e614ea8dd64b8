package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileFollowerTest {

  private final List<String> lines = new ArrayList<>();
  private final AtomicInteger errors = new AtomicInteger();

  private LogFileFollower follower(Path file, boolean fromStart) {
    return new LogFileFollower(file, Duration.ofMillis(10), fromStart,
        (b, off, len) -> lines.add(new String(b, off, len, StandardCharsets.UTF_8)), errors::incrementAndGet);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void startsAtTheEndAndAssemblesPartialLines(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("kern.log");
    append(log, "old line\n");
    LogFileFollower f = follower(log, false);

    f.poll();
    append(log, "new li");
    f.poll();
    append(log, "ne\r\nsecond\n");
    f.poll();

    assertThat(lines).containsExactly("new line", "second");
  }

  @Test
  void followsRotationByRenameAfterReadingTheOldFileToItsEnd(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("kern.log");
    append(log, "");
    LogFileFollower f = follower(log, false);
    f.poll();
    append(log, "before rotation\n");

    Files.move(log, dir.resolve("kern.log.1"));
    append(dir.resolve("kern.log.1"), "late write to the old file\n");
    f.poll(); // new file not there yet: keep reading the old one
    append(log, "after rotation\n");
    f.poll();

    assertThat(lines).containsExactly("before rotation", "late write to the old file", "after rotation");
  }

  @Test
  void truncationRestartsAtTheBeginning(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("kern.log");
    append(log, "one\ntwo\n");
    LogFileFollower f = follower(log, true);
    f.poll();

    Files.writeString(log, "x\n", StandardOpenOption.TRUNCATE_EXISTING);
    f.poll();

    assertThat(lines).containsExactly("one", "two", "x");
    assertThat(errors).hasValue(0);
  }

  @Test
  void waitsForAMissingFile(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("kern.log");
    LogFileFollower f = follower(log, false);
    f.poll();

    append(log, "first line of a file that appeared\n");
    f.poll();

    assertThat(lines).as("a file created after the start is read from its start")
        .containsExactly("first line of a file that appeared");
  }
}
