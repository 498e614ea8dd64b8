package io.netsight.streams.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tumbling-window state for many subjects in one key-value store, as many small entries per (window, subject) rather
 * than one large aggregate: a record then reads and writes a few small values, where a DSL windowed aggregate would
 * deserialize and re-serialize the whole aggregate for every record. Keys are
 * {@code <window start, 13-digit epoch ms>|<subject>|<entry>}, so the store's byte order is window order, then
 * subject, and the closed windows are one range scan.
 *
 * <p>Semantics are those of {@code TimeWindows.ofSizeAndGrace}: a record counts in its window while
 * {@code window end + grace > stream time}, and a window is closed (handed to the caller, then deleted) once stream
 * time reaches its end plus grace. {@link #closeUpTo} is meant to be called from {@code process()}, so a window's
 * result goes downstream in the same call that advanced stream time past it, followed by the progress mark
 * the {@link EpisodeTracker} resolves quiet episodes from.
 */
public final class WindowedEntries<V> {

  private static final String SEP = "|";

  private final KeyValueStore<String, V> store;
  private final long size;
  private final long grace;
  // Earliest stream time at which another window can close; 0 after a restart, so the first call scans once.
  private long nextCloseAt;

  public WindowedEntries(KeyValueStore<String, V> store, Duration size, Duration grace) {
    this.store = store;
    this.size = size.toMillis();
    this.grace = grace.toMillis();
  }

  /** One closed window of one subject, with its entries by entry key. */
  public record Closed<V>(String subject, long windowStart, long windowEnd, Map<String, V> entries) {
  }

  /** Start of the window holding a timestamp (ms). */
  public long windowStart(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, size);
  }

  /** Whether a record at this time still counts, given stream time (ms). */
  public boolean accepts(long timestampMs, long streamTimeMs) {
    return windowStart(timestampMs) + size + grace > streamTimeMs;
  }

  public V get(long windowStart, String subject, String entry) {
    return store.get(key(windowStart, subject, entry));
  }

  public void put(long windowStart, String subject, String entry, V value) {
    store.put(key(windowStart, subject, entry), value);
  }

  /**
   * Hands every window closed at this stream time to {@code onClosed} (window order, then subject order), then deletes
   * its entries.
   *
   * @return the end of the last window now closed (every window ending at or before it has been handed over), or -1
   *     when this stream time closes no new window
   */
  public long closeUpTo(long streamTimeMs, java.util.function.Consumer<Closed<V>> onClosed) {
    if (streamTimeMs < nextCloseAt || streamTimeMs < size + grace) {
      return -1;
    }
    long lastClosable = windowStart(streamTimeMs - size - grace);
    // Collect first, delete after: the caching store's iterators must not see their range change under them.
    List<KeyValue<String, V>> closing = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.range(null, prefix(lastClosable + 1))) {
      while (it.hasNext()) {
        closing.add(it.next());
      }
    }
    String groupPrefix = null;
    Map<String, V> entries = new LinkedHashMap<>();
    for (KeyValue<String, V> kv : closing) {
      int first = kv.key.indexOf(SEP);
      int second = kv.key.indexOf(SEP, first + 1);
      String p = kv.key.substring(0, second + 1);
      if (!p.equals(groupPrefix)) {
        if (groupPrefix != null) {
          onClosed.accept(closed(groupPrefix, entries));
        }
        groupPrefix = p;
        entries = new LinkedHashMap<>();
      }
      entries.put(kv.key.substring(second + 1), kv.value);
    }
    if (groupPrefix != null) {
      onClosed.accept(closed(groupPrefix, entries));
    }
    for (KeyValue<String, V> kv : closing) {
      store.delete(kv.key);
    }
    nextCloseAt = lastClosable + 2 * size + grace;
    return lastClosable + size;
  }

  private Closed<V> closed(String groupPrefix, Map<String, V> entries) {
    int first = groupPrefix.indexOf(SEP);
    long start = Long.parseLong(groupPrefix.substring(0, first));
    String subject = groupPrefix.substring(first + 1, groupPrefix.length() - 1);
    return new Closed<>(subject, start, start + size, entries);
  }

  /** The window start as 13 zero-padded digits (epoch ms), so key order is window order. Per record: no format(). */
  private static String prefix(long windowStart) {
    String digits = Long.toString(windowStart);
    return digits.length() >= 13 ? digits : "0000000000000".substring(digits.length()) + digits;
  }

  private static String key(long windowStart, String subject, String entry) {
    if (subject.contains(SEP)) {
      throw new IllegalArgumentException("subject key must not contain '" + SEP + "': " + subject);
    }
    return prefix(windowStart) + SEP + subject + SEP + entry;
  }
}
