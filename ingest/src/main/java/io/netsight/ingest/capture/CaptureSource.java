package io.netsight.ingest.capture;

import org.apache.kafka.common.config.ConfigDef;

/**
 * One capture source of the agent (a libpcap capture, a kernel log reader, a conntrack listener...). A source runs
 * its own thread(s) between {@link #start} and {@link #close}, and hands every record to the context's sink. A
 * failure it cannot recover from is reported through {@link SourceContext#failed}, never swallowed: the agent
 * restarts the source with backoff or stops.
 */
public interface CaptureSource extends AutoCloseable {

  /** The registered name (dns, reset, kernel-log...), or the group name of a shared packet capture. */
  String name();

  /** Starts the source's threads; returns once it runs (or throws when it cannot start at all). */
  void start() throws Exception;

  /** Up, and what it last saw; read by the agent's health check. */
  SourceHealth health();

  /** Stops the source, emitting what is pending; idempotent. */
  @Override
  void close();

  /** How a source is made; registered by name in {@link CaptureSourceRegistry}. */
  interface Factory {

    /** The configuration keys this source reads (merged into the agent's configuration and its --help). */
    ConfigDef config();

    CaptureSource create(SourceContext context);
  }
}
