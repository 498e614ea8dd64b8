package io.netsight.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** {@code netsight kafka} as a user runs it: a separate process, used by a client, stopped with Ctrl-C (SIGINT). */
class KafkaCommandIT {

  private static final Pattern RUNNING = Pattern.compile("is running at (127\\.0\\.0\\.1:\\d+)");
  private static final Pattern DATA = Pattern.compile("^Data: (\\S+) \\(removed on exit\\)");

  @Test
  void startsABrokerAClientCanUseAndCtrlCRemovesItsData() throws Exception {
    Path jar = Path.of("target", "netsight.jar");
    assertThat(jar).as("the app jar, built in the package phase").exists();
    Process process = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "kafka", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String bootstrap = null;
      Path data = null;
      List<String> lines = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        Matcher m = RUNNING.matcher(line);
        if (m.find()) {
          bootstrap = m.group(1);
        }
        Matcher d = DATA.matcher(line);
        if (d.find()) {
          data = Path.of(d.group(1));
        }
        if (line.contains("Ctrl-C stops it")) {
          break;
        }
      }
      assertThat(bootstrap).as("bootstrap address in %s", lines).isNotNull();
      assertThat(lines).anyMatch(l -> l.startsWith("Topics: 16 created, 0 already there"));
      assertThat(data).isNotNull().isDirectory();

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("netsight.findings.v1");
      }

      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).as("stopped").isTrue();
      assertThat(Files.exists(data)).as("temporary data %s removed", data).isFalse();
    } finally {
      process.destroyForcibly();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
