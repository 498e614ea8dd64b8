package io.netsight.ingest.conntrack;

import io.netsight.schema.Micros;
import io.netsight.schema.v1.ConntrackStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one read of {@code /proc/net/stat/nf_conntrack} (a header naming the columns, then one row of hexadecimal
 * counters per possible CPU) and the {@code nf_conntrack_count/max/buckets} sysctls into a {@code ConntrackStats}.
 * Columns are taken by the names in the header, so kernels that add, drop or reorder columns (6.x has
 * {@code clashres} and {@code chainlength}, older ones {@code searched}, {@code new}) work unchanged. Counters are
 * summed over CPUs, except {@code entries}, which every row repeats (it is the namespace's entry count).
 */
public final class ConntrackStatsParser {

  /** A sample or why it was rejected. */
  public record Result(ConntrackStats stats, ConntrackRejection rejection) {
  }

  /** The sysctl names read beside the stat file. */
  public static final String COUNT = "nf_conntrack_count";
  public static final String MAX = "nf_conntrack_max";
  public static final String BUCKETS = "nf_conntrack_buckets";

  /**
   * @param statLines the stat file's lines (header first; blank lines ignored)
   * @param sysctls   values of nf_conntrack_count/max/buckets that could be read (short names)
   */
  public Result parse(List<String> statLines, Map<String, Long> sysctls, long timestampMicros, String node) {
    String[] header = null;
    long[] sums = null;
    long firstEntries = -1;
    int rows = 0;
    for (String raw : statLines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cols = line.split("\\s+");
      if (header == null) {
        for (String c : cols) {
          if (!c.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch)) || isHex(c)) {
            return new Result(null, ConntrackRejection.BAD_STATS);
          }
        }
        header = cols;
        sums = new long[cols.length];
        continue;
      }
      if (cols.length != header.length) {
        return new Result(null, ConntrackRejection.BAD_STATS);
      }
      for (int i = 0; i < cols.length; i++) {
        if (!isHex(cols[i]) || cols[i].length() > 16) {
          return new Result(null, ConntrackRejection.BAD_STATS);
        }
        long v = Long.parseUnsignedLong(cols[i], 16);
        if (v < 0) {
          return new Result(null, ConntrackRejection.BAD_STATS);
        }
        if (header[i].equals("entries")) {
          if (firstEntries < 0) {
            firstEntries = v;
          }
        } else {
          sums[i] += v;
        }
      }
      rows++;
    }
    if (header == null || rows == 0) {
      return new Result(null, ConntrackRejection.BAD_STATS);
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      if (!header[i].equals("entries")) {
        counters.put(header[i], sums[i]);
      }
    }
    Long entries = sysctls.get(COUNT);
    if (entries == null && firstEntries >= 0) {
      entries = firstEntries;
    }
    ConntrackStats s = ConntrackStats.newBuilder()
        .setNode(node)
        .setTimestamp(Micros.toInstant(timestampMicros))
        .setCpus(rows)
        .setCounters(counters)
        .setFound(counters.get("found"))
        .setInvalid(counters.get("invalid"))
        .setInsertFailed(counters.get("insert_failed"))
        .setDrop(counters.get("drop"))
        .setEarlyDrop(counters.get("early_drop"))
        .setSearchRestart(counters.get("search_restart"))
        .setEntries(entries)
        .setMax(sysctls.get(MAX))
        .setBuckets(sysctls.get(BUCKETS))
        .build();
    return new Result(s, null);
  }

  private static boolean isHex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
