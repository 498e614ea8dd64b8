package io.netsight.enrich.attribution;

import io.netsight.schema.Micros;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.IpBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Who held one IP address, and when: the ownership intervals the enrichment joins on and {@code whois} prints. Pure
 * and order-independent: the same bindings in any order give the same history.
 *
 * <p>Rules:
 * <ul>
 *   <li>One entry per holder (kind + UID). A released binding wins over a held one for the same holder, whatever
 *       order they arrive in; a newer held binding replaces an older held one (labels may have changed).</li>
 *   <li>A Pod or Service address is one holder's at a time: a later holder's {@code validFrom} ends an earlier
 *       holder's interval (the address was free by then), which corrects an end that was only an upper bound
 *       (a deletion's grace period).</li>
 *   <li>Kubernetes writes times to the second. A time on a whole second is therefore an interval: a release stamped
 *       {@code 10:00:05} happened before {@code 10:00:06}. An event in that last second may be the old holder's or
 *       the next one's; when both are possible the answer is AMBIGUOUS with both candidates, never a guess.</li>
 *   <li>Host-network pods share their node's address: a NODE binding and HOST_NETWORK_POD bindings coexist and an
 *       event there is AMBIGUOUS, naming the node and the pods as candidates.</li>
 *   <li>A tombstone at time t ends every still-open Pod, Service or Node binding that started before t (the release
 *       record normally did that already; the tombstone covers a lost release).</li>
 * </ul>
 */
public final class IpHistory {

  static final long SECOND_MICROS = 1_000_000L;
  private static final Comparator<IpBinding> BY_START = Comparator.comparing(IpBinding::getValidFrom)
      .thenComparing(IpHistory::holderKey);

  private final String ip;
  private final List<IpBinding> holders;

  public IpHistory(String ip, List<IpBinding> holders) {
    this.ip = ip;
    this.holders = new ArrayList<>(holders == null ? List.of() : holders);
  }

  public String ip() {
    return ip;
  }

  /** The holders as received (one per holder), by start. */
  public List<IpBinding> raw() {
    List<IpBinding> sorted = new ArrayList<>(holders);
    sorted.sort(BY_START);
    return sorted;
  }

  public boolean isEmpty() {
    return holders.isEmpty();
  }

  /** Identity of a holder: its kind and UID (namespace/name when it has no UID). */
  public static String holderKey(IpBinding b) {
    return b.getKind() + "/" + (b.getUid() != null ? b.getUid() : b.getNamespace() + "/" + b.getName());
  }

  /**
   * Adds or updates one holder.
   *
   * @return the earliest time (micros) whose ownership may have changed
   */
  public long upsert(IpBinding binding) {
    String key = holderKey(binding);
    long changedFrom = micros(binding.getValidFrom());
    for (int i = 0; i < holders.size(); i++) {
      IpBinding existing = holders.get(i);
      if (!holderKey(existing).equals(key)) {
        continue;
      }
      if (existing.getValidTo() != null && binding.getValidTo() == null) {
        return Long.MAX_VALUE; // a late re-statement of a binding already released: nothing changes
      }
      if (existing.getValidTo() != null && binding.getValidTo() != null) {
        return Long.MAX_VALUE; // the first release stands
      }
      holders.set(i, binding);
      return Math.min(changedFrom, micros(existing.getValidFrom()));
    }
    holders.add(binding);
    return changedFrom;
  }

  /**
   * A tombstone at {@code atMicros}: ends open Pod, Service and Node bindings that started before it.
   *
   * @return the earliest time (micros) whose ownership may have changed, or {@code Long.MAX_VALUE}
   */
  public long tombstone(long atMicros) {
    long changed = Long.MAX_VALUE;
    for (int i = 0; i < holders.size(); i++) {
      IpBinding b = holders.get(i);
      if (b.getValidTo() == null && b.getKind() != BindingKind.HOST_NETWORK_POD
          && micros(b.getValidFrom()) < atMicros) {
        Instant end = Micros.toInstant(atMicros);
        holders.set(i, IpBinding.newBuilder(b).setValidTo(end).build());
        changed = Math.min(changed, atMicros);
      }
    }
    return changed;
  }

  /** Forgets holders whose interval ended before {@code horizonMicros} (beyond history retention). */
  public void prune(long horizonMicros) {
    List<IpBinding> effective = effective();
    List<String> gone = new ArrayList<>();
    for (IpBinding b : effective) {
      if (b.getValidTo() != null && possibleEnd(b) < horizonMicros) {
        gone.add(holderKey(b));
      }
    }
    holders.removeIf(b -> gone.contains(holderKey(b)));
  }

  /**
   * The holders by start, each Pod/Service interval ended no later than the next such holder's start: the
   * intervals as netsight knows them.
   */
  public List<IpBinding> effective() {
    List<IpBinding> sorted = raw();
    List<IpBinding> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      IpBinding b = sorted.get(i);
      if (exclusive(b)) {
        for (int j = i + 1; j < sorted.size(); j++) {
          IpBinding next = sorted.get(j);
          if (exclusive(next) && next.getValidFrom().isAfter(b.getValidFrom())) {
            if (b.getValidTo() == null || next.getValidFrom().isBefore(b.getValidTo())) {
              b = IpBinding.newBuilder(b).setValidTo(next.getValidFrom()).build();
            }
            break;
          }
        }
      }
      out.add(b);
    }
    return out;
  }

  /** Of these effective holders, the ones whose interval may contain {@code micros}. */
  public static List<IpBinding> possibleAt(List<IpBinding> effective, long micros) {
    List<IpBinding> out = new ArrayList<>(2);
    for (IpBinding b : effective) {
      if (micros(b.getValidFrom()) <= micros && micros < possibleEnd(b)) {
        out.add(b);
      }
    }
    return out;
  }

  /** Who held {@code ip} at {@code micros}, from holders that include every one possible then. */
  public static Attribution attribute(String ip, List<IpBinding> effectiveHolders, long micros) {
    List<IpBinding> possible = effectiveHolders == null ? List.of() : possibleAt(effectiveHolders, micros);
    Attribution.Builder a = Attribution.newBuilder().setIp(ip).setCandidates(new ArrayList<>());
    if (possible.isEmpty()) {
      return a.setStatus(AttributionStatus.UNATTRIBUTED).setBinding(null).build();
    }
    boolean sharedWithHost = possible.stream().anyMatch(b -> b.getKind() == BindingKind.HOST_NETWORK_POD);
    if (possible.size() == 1 && !sharedWithHost) {
      return a.setStatus(AttributionStatus.ATTRIBUTED).setBinding(possible.get(0)).build();
    }
    // Several possible holders: a node with host-network pods, or a hand-over inside one clock second.
    IpBinding node = possible.stream().filter(b -> b.getKind() == BindingKind.NODE).findFirst().orElse(null);
    List<IpBinding> candidates = new ArrayList<>(possible);
    candidates.remove(node);
    return a.setStatus(AttributionStatus.AMBIGUOUS).setBinding(node).setCandidates(candidates).build();
  }

  /** Convenience: attribute against this history. */
  public Attribution attribute(long micros) {
    return attribute(ip, effective(), micros);
  }

  /**
   * The history cut into segments at every change (in milliseconds, the resolution of Kafka timestamps and of the
   * versioned store), each with the holders possible at some time inside it. Segments starting before
   * {@code fromMillis} are left out, except the one containing it.
   */
  public List<Segment> segments(long fromMillis) {
    List<IpBinding> effective = effective();
    TreeSet<Long> bounds = new TreeSet<>();
    for (IpBinding b : effective) {
      bounds.add(Math.floorDiv(micros(b.getValidFrom()), 1000L));
      long end = possibleEnd(b);
      if (end != Long.MAX_VALUE) {
        bounds.add(Math.floorDiv(end + 999L, 1000L));
      }
    }
    List<Segment> out = new ArrayList<>();
    Long first = bounds.floor(fromMillis);
    for (long start : first == null ? bounds : bounds.tailSet(first, true)) {
      Long next = bounds.higher(start);
      long segStart = start * 1000L;
      long segEnd = next == null ? Long.MAX_VALUE : next * 1000L;
      List<IpBinding> inside = new ArrayList<>(2);
      for (IpBinding b : effective) {
        if (micros(b.getValidFrom()) < segEnd && possibleEnd(b) > segStart) {
          inside.add(b);
        }
      }
      out.add(new Segment(start, inside));
    }
    return out;
  }

  /** One version of the IP's holders, valid from {@code startMillis} until the next segment. */
  public record Segment(long startMillis, List<IpBinding> holders) {
  }

  /** Pods and Services hold an address alone; nodes share theirs with host-network pods. */
  static boolean exclusive(IpBinding b) {
    return b.getKind() == BindingKind.POD || b.getKind() == BindingKind.SERVICE;
  }

  /**
   * The latest time (exclusive, micros) the holder may still have held the address: its end, plus a second when the
   * end is a whole second (Kubernetes times are truncated to seconds); open-ended when not released.
   */
  static long possibleEnd(IpBinding b) {
    if (b.getValidTo() == null) {
      return Long.MAX_VALUE;
    }
    long end = micros(b.getValidTo());
    return Math.floorMod(end, SECOND_MICROS) == 0 ? end + SECOND_MICROS : end;
  }

  static long micros(Instant t) {
    return Micros.of(t);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpHistory h && h.ip.equals(ip) && h.raw().equals(raw());
  }

  @Override
  public int hashCode() {
    return Objects.hash(ip, raw());
  }
}
