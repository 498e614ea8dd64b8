package io.netsight.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.NetsightCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netsight demo} on the bundled incident, as a person runs it (no root, no network, no libpcap). */
class DemoCommandIT {

  @TempDir
  Path keep;

  @Test
  void theDemoNamesTheWebDeploymentAndExplainsIt() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = NetsightCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int rc = cl.execute("demo", "--keep", keep.toString());

    assertThat(rc).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("NDOTS_AMPLIFICATION", "default/Deployment/web",
        "24 of 36 DNS queries (67%) were NXDOMAIN search-path expansions",
        "fix: Set ndots:1 for Deployment default/web (now ndots:5)",
        "api.example.com. (24/min)", "What you are looking at:");
    // The CronJob's pod held the address until shortly before: it must not be blamed.
    assertThat(text).doesNotContain("CronJob/report");
    assertThat(keep.resolve("node-a-any.pcap")).exists();
    assertThat(keep.resolve("pods-watch.json")).exists();
  }

  @Test
  void jsonOutputIsTheFindingRecordOnly() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = NetsightCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));

    assertThat(cl.execute("demo", "--output", "json")).isZero();

    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode f = new ObjectMapper().readTree(lines[0]);
    assertThat(f.get("affected").get(0).get("name").asText()).isEqualTo(LabIncident.WEB_POD);
    assertThat(f.get("metrics").get("queries").asDouble()).isEqualTo(36.0);
  }
}
