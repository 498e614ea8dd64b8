package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.Micros;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogLineTest {

  private static final long REF = Micros.of(Instant.parse("2027-01-01T00:00:05Z"));

  private static String message(String line) {
    SyslogLine s = new SyslogLine();
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    assertThat(s.parse(b, 0, b.length)).isTrue();
    return line.substring(s.messageStart);
  }

  private static Instant time(String line, ZoneId zone) {
    SyslogLine s = new SyslogLine();
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    assertThat(s.parse(b, 0, b.length)).isTrue();
    return Micros.toInstant(s.timestampMicros(b, zone, REF));
  }

  @Test
  void findsTheMessageAfterHostTagAndKernelStamp() {
    assertThat(message("2026-11-26T11:05:47.123456+00:00 node-a kernel: [ 1509.259019] calico-drop: IN=a"))
        .isEqualTo("calico-drop: IN=a");
    assertThat(message("Nov  6 09:01:02 node-a kernel: calico-packet: IN=b")).isEqualTo("calico-packet: IN=b");
    assertThat(message("Nov 16 09:01:02 node-a kernel[0]: [12.5] calico-drop: IN=c")).isEqualTo("calico-drop: IN=c");
  }

  @Test
  void rfc3339KeepsMicrosecondsAndOffset() {
    assertThat(time("2026-11-26T11:05:47.123456+01:00 h kernel: x", ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-11-26T10:05:47.123456Z"));
    assertThat(time("2026-11-26 11:05:47 h kernel: x", ZoneId.of("Europe/Paris")))
        .isEqualTo(Instant.parse("2026-11-26T10:05:47Z"));
  }

  @Test
  void classicTimestampsGuessTheYearFromTheReferenceTime() {
    assertThat(time("Dec 31 23:59:59 h kernel: x", ZoneOffset.UTC))
        .as("read just after new year: last year").isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    assertThat(time("Jan  1 00:00:01 h kernel: x", ZoneOffset.UTC)).isEqualTo(Instant.parse("2027-01-01T00:00:01Z"));
    assertThat(time("Jan  3 00:00:01 h kernel: x", ZoneId.of("America/New_York")))
        .isEqualTo(Instant.parse("2027-01-03T05:00:01Z"));
  }

  @Test
  void linesWithoutAHeaderAreRefused() {
    SyslogLine s = new SyslogLine();
    for (String line : new String[] {"calico-drop: IN=eth0", "Foo 12 10:00:00 h k: x", "", "2026-1"}) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertThat(s.parse(b, 0, b.length)).as(line).isFalse();
    }
  }
}
