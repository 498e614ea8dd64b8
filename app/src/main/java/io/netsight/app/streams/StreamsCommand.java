package io.netsight.app.streams;

import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.cli.Shutdown;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netsight streams}: the enrichment and the detectors as one Kafka Streams app. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = {
        "Runs the Kafka Streams application: attributes every captured address to the pod that held it at the "
            + "record's own time (netsight.enriched.*), runs every enabled detector on the enriched records "
            + "(findings to netsight.findings.v1; bad records to netsight.dlq.streams.v1), exactly-once, and serves "
            + "GET /whois?ip=IP&at=TIME for `netsight whois --streams-url`.",
        ""})
public final class StreamsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
      description = "Kafka bootstrap servers (kafka.bootstrap.servers).")
  String bootstrap;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    List<StreamsPiece> pieces = StreamsApp.defaultPieces();
    Map<String, String> config = options.resolveForKafka(StreamsApp.configDef(pieces), bootstrap);
    StreamsApp app = StreamsApp.start(pieces, config);
    Throwable failed = Shutdown.onSignal("netsight-streams", app).await(() ->
        app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR
            ? new IllegalStateException("Kafka Streams stopped in state ERROR (see the log above)") : null);
    if (failed != null) {
      throw new IllegalStateException("netsight streams stopped: " + failed.getMessage(), failed);
    }
    return 0;
  }
}
