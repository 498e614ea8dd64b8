package io.netsight.sinks.elasticsearch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The indices the sink writes. Findings and IP bindings live in one index each, because their documents are
 * overwritten in place (an episode's revisions, an interval's close) and an episode or interval can span days. Evidence
 * is append-only and large, so it goes to daily indices named by the record's own event time (a replay writes to the
 * same index), which are dropped whole when they age out (see docs/elasticsearch.md).
 */
public enum IndexKind {
  FINDINGS("findings", false),
  DNS("dns", true),
  TCP_RESET("tcp-reset", true),
  CONNTRACK("conntrack", true),
  KERNEL_DROP("kernel-drop", true),
  IP_BINDINGS("ip-bindings", false);

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

  private final String suffix;
  private final boolean daily;

  IndexKind(String suffix, boolean daily) {
    this.suffix = suffix;
    this.daily = daily;
  }

  public String suffix() {
    return suffix;
  }

  /** The index a document with this event time goes to. */
  public String index(String prefix, Instant eventTime) {
    return daily ? prefix + "-" + suffix + "-" + DAY.format(eventTime) : prefix + "-" + suffix;
  }

  /** Name of the index template (and of the Kibana data view id). */
  public String templateName(String prefix) {
    return prefix + "-" + suffix;
  }

  /** What the template applies to. */
  public List<String> indexPatterns(String prefix) {
    return daily ? List.of(prefix + "-" + suffix + "-*") : List.of(prefix + "-" + suffix, prefix + "-" + suffix + "-*");
  }
}
