package io.netsight.streams.ndots;

import io.netsight.streams.detect.DetectorConfigs;
import io.netsight.streams.detect.EpisodeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code detect.ndots.*} keys, and the typed settings they parse to.
 *
 * @param episodes           window, grace and resolve-after
 * @param minWastedQueries   wasted queries in a window needed for a finding
 * @param minWastedShare     share of the subject's queries that must be wasted
 * @param clusterDomain      the cluster's DNS domain
 * @param hostSearchDomains  node search domains kubelet appends to ClusterFirst pods
 * @param learnSuffixes      whether to learn further suffixes from traffic
 * @param learnMinNames      names a suffix must follow before it is learned
 * @param maxNames           distinct names kept per subject and window
 * @param maxPods            pods kept per subject and window
 * @param topNames           names listed per kind of fix
 * @param evidenceSamples    evidence entries per finding
 * @param mediumWastedPerSec wasted queries per second from which a finding is MEDIUM
 * @param highWastedPerSec   wasted queries per second from which a finding is HIGH
 */
public record NdotsConfig(EpisodeSettings episodes, long minWastedQueries, double minWastedShare,
    String clusterDomain, List<String> hostSearchDomains, boolean learnSuffixes, int learnMinNames, int maxNames,
    int maxPods, int topNames, int evidenceSamples, double mediumWastedPerSec, double highWastedPerSec) {

  public static final String NAME = "ndots";

  public static final String MIN_WASTED_QUERIES = DetectorConfigs.key(NAME, "min-wasted-queries");
  public static final String MIN_WASTED_SHARE = DetectorConfigs.key(NAME, "min-wasted-share");
  public static final String CLUSTER_DOMAIN = DetectorConfigs.key(NAME, "cluster-domain");
  public static final String HOST_SEARCH_DOMAINS = DetectorConfigs.key(NAME, "host-search-domains");
  public static final String LEARN_SUFFIXES = DetectorConfigs.key(NAME, "learn-suffixes");
  public static final String LEARN_MIN_NAMES = DetectorConfigs.key(NAME, "learn-min-names");
  public static final String MAX_NAMES = DetectorConfigs.key(NAME, "max-names");
  public static final String MAX_PODS = DetectorConfigs.key(NAME, "max-pods");
  public static final String TOP_NAMES = DetectorConfigs.key(NAME, "top-names");
  public static final String EVIDENCE_SAMPLES = DetectorConfigs.key(NAME, "evidence-samples");
  public static final String MEDIUM_WASTED_PER_SECOND = DetectorConfigs.key(NAME, "medium-wasted-per-second");
  public static final String HIGH_WASTED_PER_SECOND = DetectorConfigs.key(NAME, "high-wasted-per-second");

  static final ConfigDef.Validator DOMAIN = (name, value) -> {
    String s = String.valueOf(value);
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..") || s.contains(" ")
        || !s.equals(s.toLowerCase(Locale.ROOT))) {
      throw new ConfigException(name, value, "a lowercase domain name without leading or trailing dot");
    }
  };

  public static ConfigDef configDef() {
    ConfigDef def = DetectorConfigs.common(NAME, Duration.ofMinutes(1), Duration.ofSeconds(30), 5);
    return def
        .define(MIN_WASTED_QUERIES, Type.LONG, 20L, Range.atLeast(1), Importance.HIGH,
            "Wasted queries (NXDOMAIN answers to search-path expansions) a workload must send in one window for a "
                + "finding.")
        .define(MIN_WASTED_SHARE, Type.DOUBLE, 0.5, Range.between(0.0, 1.0), Importance.HIGH,
            "Share of the workload's queries in the window that must be wasted for a finding (0..1).")
        .define(CLUSTER_DOMAIN, Type.STRING, "cluster.local", DOMAIN, Importance.MEDIUM,
            "The cluster's DNS domain (kubelet --cluster-domain).")
        .define(HOST_SEARCH_DOMAINS, Type.LIST, "", Importance.MEDIUM,
            "Search domains of the nodes' resolv.conf, which kubelet appends to the search list of ClusterFirst "
                + "pods (e.g. ec2.internal); used when the IP binding does not list them already.")
        .define(LEARN_SUFFIXES, Type.BOOLEAN, true, Importance.LOW,
            "Learn further search suffixes from traffic (see the runbook for the rule).")
        .define(LEARN_MIN_NAMES, Type.INT, 2, Range.atLeast(1), Importance.LOW,
            "Different base names a suffix must follow in one window to be learned (a suffix in the exact resolver "
                + "position after one name is learned too).")
        .define(MAX_NAMES, Type.INT, 2000, Range.atLeast(10), Importance.LOW,
            "Distinct (name, type) entries kept per workload and window; queries beyond are counted, not kept.")
        .define(MAX_PODS, Type.INT, 200, Range.atLeast(1), Importance.LOW,
            "Pods kept (and listed in a finding) per workload and window; queries from others are still counted.")
        .define(TOP_NAMES, Type.INT, 5, Range.atLeast(1), Importance.LOW,
            "Names listed for each kind of fix (trailing dot, FQDN) in a recommendation.")
        .define(EVIDENCE_SAMPLES, Type.INT, 5, Range.atLeast(1), Importance.LOW,
            "Evidence entries in a finding.")
        .define(MEDIUM_WASTED_PER_SECOND, Type.DOUBLE, 5.0, Range.atLeast(0.0), Importance.LOW,
            "Wasted queries per second from which a finding is MEDIUM (below: LOW).")
        .define(HIGH_WASTED_PER_SECOND, Type.DOUBLE, 50.0, Range.atLeast(0.0), Importance.LOW,
            "Wasted queries per second from which a finding is HIGH.");
  }

  public static NdotsConfig from(AbstractConfig c) {
    return new NdotsConfig(DetectorConfigs.episodes(NAME, c), c.getLong(MIN_WASTED_QUERIES),
        c.getDouble(MIN_WASTED_SHARE), c.getString(CLUSTER_DOMAIN),
        c.getList(HOST_SEARCH_DOMAINS).stream().map(s -> s.strip().toLowerCase(Locale.ROOT))
            .map(s -> s.endsWith(".") ? s.substring(0, s.length() - 1) : s).filter(s -> !s.isEmpty()).toList(),
        c.getBoolean(LEARN_SUFFIXES), c.getInt(LEARN_MIN_NAMES), c.getInt(MAX_NAMES), c.getInt(MAX_PODS),
        c.getInt(TOP_NAMES), c.getInt(EVIDENCE_SAMPLES), c.getDouble(MEDIUM_WASTED_PER_SECOND),
        c.getDouble(HIGH_WASTED_PER_SECOND));
  }

  public Duration window() {
    return episodes.window();
  }
}
