package io.netsight.ingest.sourcekit;

/**
 * The lifecycle every source of this kit has (kernel-log, conntrack, conntrack-stats, kube-proxy): started once,
 * closed idempotently, and a health that looks at real state (the reader thread alive, the child running, the last
 * scrape succeeded). It maps one to one onto the agent's {@code CaptureSource}.
 */
public interface NodeSource extends AutoCloseable {

  /** The registered name: kernel-log, conntrack, conntrack-stats or kube-proxy. */
  String name();

  /** Starts the source's thread(s); throws when it cannot start at all (e.g. /dev/kmsg not readable). */
  void start() throws Exception;

  /** True while the source is reading. */
  boolean healthy();

  /** One line for logs and the health endpoint. */
  String detail();

  @Override
  void close();
}
