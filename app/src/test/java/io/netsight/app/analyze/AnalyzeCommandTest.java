package io.netsight.app.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.app.CommandLineTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and unreadable files: exit 2 and one line on stderr, before any broker is started. */
class AnalyzeCommandTest extends CommandLineTestBase {

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private Path validCluster() throws Exception {
    return file("cluster.yaml", "apiVersion: v1\nkind: List\nitems: []\n");
  }

  private Path validPcap() throws Exception {
    // An empty pcap: the 24-byte global header only (microseconds, little-endian, Ethernet).
    byte[] header = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};
    return Files.write(dir.resolve("empty.pcap"), header);
  }

  @Test
  void theClusterStateIsRequired() throws Exception {
    assertThat(run("analyze", "--pcap", validPcap().toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--cluster=FILE'");
  }

  @Test
  void aMissingCaptureIsOneLine() throws Exception {
    assertThat(run("analyze", "--pcap", dir.resolve("nope.pcap").toString(), "--cluster",
        validCluster().toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("netsight analyze: cannot read " + dir.resolve("nope.pcap")
        + ": no such file");
  }

  @Test
  void aFileThatIsNotACaptureIsRejectedWithItsName() throws Exception {
    Path text = file("notes.pcap", "this is not a capture file\n");

    assertThat(run("analyze", "--pcap", text.toString(), "--cluster", validCluster().toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).startsWith("netsight analyze: ").contains("notes.pcap");
  }

  @Test
  void aBrokenClusterFileIsRejectedWithItsName() throws Exception {
    Path broken = file("cluster.json", "{\"kind\": \"List\", \"items\": [ {\"kind\": \"Pod\" ");

    assertThat(run("analyze", "--pcap", validPcap().toString(), "--cluster", broken.toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).startsWith("netsight analyze: ").contains("cluster.json");
  }

  @Test
  void anUnknownPrintTopicIsRejected() throws Exception {
    assertThat(run("analyze", "--pcap", validPcap().toString(), "--cluster", validCluster().toString(),
        "--print", "netsight.enriched.dns.v9")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("netsight analyze: --print netsight.enriched.dns.v9: not a "
        + "netsight topic (netsight topics lists them)");
  }

  @Test
  void anUnknownConfigKeyIsRejected() throws Exception {
    assertThat(run("analyze", "--pcap", validPcap().toString(), "--cluster", validCluster().toString(),
        "--set", "detect.ndots.min-wasted-querie=1")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown configuration key [detect.ndots.min-wasted-querie]");
  }

  @Test
  void anInvalidConfigValueIsRejected() throws Exception {
    assertThat(run("analyze", "--pcap", validPcap().toString(), "--cluster", validCluster().toString(),
        "--set", "detect.ndots.window=soon")).isEqualTo(2);
    assertThat(err.toString()).contains("detect.ndots.window");
  }

  @Test
  void helpListsTheDetectorKeysWithTheirDefaults() {
    assertThat(run("analyze", "--help")).isZero();
    assertThat(out.toString()).contains("--cluster=FILE").contains("detect.ndots.min-wasted-queries = 20")
        .contains("enrich.grace = PT5S");
  }
}
