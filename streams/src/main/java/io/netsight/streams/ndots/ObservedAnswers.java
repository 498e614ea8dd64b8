package io.netsight.streams.ndots;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the traffic of one window says about each name: per (qname, qtype), how its queries were answered. The
 * resolver replay asks it whether a name exists.
 */
public final class ObservedAnswers {

  /** Whether a name exists, as far as the observed answers tell. */
  public enum Existence {
    /** NOERROR, with or without records of the type: the resolver stops here. */
    EXISTS,
    /** NXDOMAIN: the resolver tries the next candidate. */
    NXDOMAIN,
    /** Only failures (SERVFAIL, timeouts): glibc tries the next candidate too. */
    FAILED,
    /** Never queried in the window. */
    UNOBSERVED
  }

  /** Counts for one (qname, qtype). */
  public record Counts(long queries, long answered, long nodata, long nxdomain, long failed, long firstSeen) {

    boolean exists() {
      return answered + nodata > 0;
    }
  }

  private final Map<String, Map<String, Counts>> byName = new HashMap<>();

  public ObservedAnswers add(String qname, String qtype, Counts counts) {
    byName.computeIfAbsent(qname, k -> new HashMap<>()).merge(qtype, counts, (a, b) -> new Counts(
        a.queries + b.queries, a.answered + b.answered, a.nodata + b.nodata, a.nxdomain + b.nxdomain,
        a.failed + b.failed, Math.min(a.firstSeen, b.firstSeen)));
    return this;
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  public Map<String, Counts> byType(String qname) {
    return byName.getOrDefault(qname, Map.of());
  }

  public Counts counts(String qname, String qtype) {
    return byType(qname).get(qtype);
  }

  public boolean observed(String qname) {
    return byName.containsKey(qname);
  }

  /** Earliest query for the name, any type; Long.MAX_VALUE when never queried. */
  public long firstSeen(String qname) {
    return byType(qname).values().stream().mapToLong(Counts::firstSeen).min().orElse(Long.MAX_VALUE);
  }

  /** Existence for one type: its own answers, else what the name's other types say (NXDOMAIN is per name). */
  public Existence existence(String qname, String qtype) {
    Map<String, Counts> types = byName.get(qname);
    if (types == null) {
      return Existence.UNOBSERVED;
    }
    Counts own = types.get(qtype);
    if (own != null) {
      return own.exists() ? Existence.EXISTS : own.nxdomain > 0 ? Existence.NXDOMAIN : Existence.FAILED;
    }
    return existence(qname);
  }

  /** Existence of the name, whatever the type. */
  public Existence existence(String qname) {
    Map<String, Counts> types = byName.get(qname);
    if (types == null) {
      return Existence.UNOBSERVED;
    }
    boolean nx = false;
    for (Counts c : types.values()) {
      if (c.exists()) {
        return Existence.EXISTS;
      }
      nx |= c.nxdomain > 0;
    }
    return nx ? Existence.NXDOMAIN : Existence.FAILED;
  }
}
