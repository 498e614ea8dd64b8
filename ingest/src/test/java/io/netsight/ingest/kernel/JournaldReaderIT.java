package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netsight.ingest.lab.Shell;
import io.netsight.testing.Privileged;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real {@code journalctl -k -f -o json}: a message written to /dev/kmsg (as root) travels through journald to the
 * reader. Needs a running systemd-journald; build machines and containers often have none (PID 1 is not systemd),
 * and then this test is skipped with that reason (an assumption, not a missing-root skip, so CI accepts it): the
 * reader's pipeline is still covered by {@link JournaldReaderTest}.
 */
@Privileged
class JournaldReaderIT {

  /** journald runs when its process exists and listens on its socket (a /var/log/journal directory is not enough). */
  static boolean journaldRunning() throws java.io.IOException {
    if (!Files.exists(Path.of("/run/systemd/journal/socket"))) {
      return false;
    }
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).anyMatch(p -> {
        try {
          return Files.readString(p.resolve("comm")).strip().equals("systemd-journal");
        } catch (java.io.IOException e) {
          return false; // the process exited while we looked
        }
      });
    }
  }

  @Test
  void kernelMessageTravelsThroughJournald() throws Exception {
    String pid1 = Files.readString(Path.of("/proc/1/comm")).strip();
    assumeTrue(journaldRunning() && io.netsight.testing.PrivilegedCondition.which("journalctl") != null,
        "systemd-journald is not running here (PID 1 is '" + pid1 + "', no /run/systemd/journal/socket, or no "
            + "journalctl)");
    TestSinks.Drops sink = new TestSinks.Drops();
    KernelLogCaptureSource source = new KernelLogCaptureSource(KernelLogCaptureSource.Settings.defaults()
        .withReader(KernelLogCaptureSource.Reader.JOURNALD), "node-it", sink, new PrometheusRegistry(), null);
    source.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(source::healthy);
      String line = "calico-drop: IN=jit0 OUT= SRC=192.0.2.7 DST=192.0.2.8 LEN=60 TTL=64 PROTO=TCP SPT=4242 "
          + "DPT=4343 SYN URGP=0";
      Shell.run("sh", "-c", "printf '<4>%s\\n' '" + line + "' > /dev/kmsg");

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sink.drops())
          .anySatisfy(d -> assertThat(d.getSrcPort()).isEqualTo(4242)));
    } finally {
      source.close();
    }
  }
}
