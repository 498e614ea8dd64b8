package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.NetsightCommand;
import io.netsight.schema.v1.DnsTransaction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final StringWriter errors = new StringWriter();

  private int run(String... args) {
    CommandLine cl = NetsightCommand.commandLine();
    cl.setErr(new PrintWriter(errors, true));
    ((ReplayCommand) cl.getSubcommands().get("replay").getCommand()).streams(
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    return cl.execute(args);
  }

  @Test
  void printWritesOneJsonObjectPerTransactionWithTheSchemasFieldNamesInEventTimeOrder() throws Exception {
    Path pcap = Fixtures.capture(Fixtures.NODE, dir);

    int exit = run("replay", "--pcap", pcap.toString(), "--print", "--node", "node-7");

    assertThat(exit).as(errors.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(json.readTree(line));
    }
    List<String> schemaFields = DnsTransaction.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
    assertThat(lines).hasSize(8).allSatisfy(l -> {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = l.fieldNames(); it.hasNext();) {
        names.add(it.next());
      }
      assertThat(names).containsExactlyElementsOf(schemaFields);
      assertThat(l.get("node").asText()).isEqualTo("node-7");
    });
    assertThat(lines).extracting(l -> l.get("timestamp").asText()).isSorted()
        .first().isEqualTo("2026-11-26T11:16:12.451421Z");
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .isEqualTo("replay: 32 packets, 32 decoded, 0 rejected; records: 8 DnsTransaction\n");
  }

  @Test
  void aMissingFileIsExitTwoWithOneLine() {
    int exit = run("replay", "--pcap", dir.resolve("missing.pcap").toString(), "--print");

    assertThat(exit).isEqualTo(2);
    assertThat(errors.toString().strip()).isEqualTo("netsight replay: " + dir.resolve("missing.pcap")
        + ": no such file");
    assertThat(stdout.size()).isZero();
  }

  @Test
  void aFileThatIsNotACaptureIsExitTwo() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.pcap"), "not a capture at all");

    assertThat(run("replay", "--pcap", text.toString(), "--print")).isEqualTo(2);
    assertThat(errors.toString()).startsWith("netsight replay: " + text + ": not a pcap or pcapng file");
  }

  @Test
  void printAndBootstrapServerTogetherOrNeitherIsExitTwo() {
    Path pcap = Fixtures.capture(Fixtures.POD, dir);

    assertThat(run("replay", "--pcap", pcap.toString(), "--print", "--bootstrap-server", "localhost:9092"))
        .isEqualTo(2);
    assertThat(run("replay", "--pcap", pcap.toString())).isEqualTo(2);
    assertThat(errors.toString()).contains("give either --print or --bootstrap-server HOST:PORT");
  }

  @Test
  void configurationKeysAreCheckedAndUsed() {
    Path pcap = Fixtures.capture(Fixtures.POD, dir);

    assertThat(run("replay", "--pcap", pcap.toString(), "--print", "--set", "dns.timout.ms=1")).isEqualTo(2);
    assertThat(errors.toString()).contains("Unknown configuration key [dns.timout.ms]");
    assertThat(run("replay", "--pcap", pcap.toString(), "--print", "--set", "dns.timeout.ms=1")).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
        .contains("\"outcome\":\"TIMEOUT\"");
  }

  @Test
  void helpListsTheReplayKeys() {
    CommandLine cl = NetsightCommand.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));

    assertThat(cl.execute("replay", "--help")).isZero();
    assertThat(out.toString()).contains("--pcap=FILE").contains("dns.timeout.ms = 5000")
        .contains("replay.reorder.slack.ms = 1000");
  }
}
