package io.netsight.streams.ndots;

import io.netsight.streams.ndots.ObservedAnswers.Existence;
import java.util.ArrayList;
import java.util.List;

/**
 * The stub resolver's search order (glibc's {@code res_search}; musl's is the same where it matters here) and a replay
 * of it against observed answers.
 *
 * <ul>
 *   <li>trailing dot: the absolute name only;</li>
 *   <li>at least ndots dots: the absolute name first, then each search suffix;</li>
 *   <li>fewer dots: each search suffix first, the absolute name last;</li>
 *   <li>the walk stops at the first name that exists (NOERROR, even with no records of the type); NXDOMAIN and
 *       failures go on to the next candidate.</li>
 * </ul>
 *
 * <p>musl differs in one case this replay does not model: with at least ndots dots it tries the absolute name only, so
 * a failing absolute name costs one query less than with glibc.
 */
public final class ResolverReplay {

  /** What an unobserved name is taken to be in a replay. */
  public interface Assumption {
    /** {@link Existence#NXDOMAIN} when it can be assumed not to exist, else {@link Existence#UNOBSERVED}. */
    Existence unobserved(String name);
  }

  /**
   * One lookup replayed for one type.
   *
   * @param queries       queries sent
   * @param resolvedAs    the name that existed, null when none did
   * @param resolvedIndex its position among the candidates, -1 when none
   * @param unknown       the walk stopped at a name never observed whose outcome cannot be assumed (counted as one
   *                      query that ends the lookup)
   * @param assumed       the walk went past a never-observed name assumed to be NXDOMAIN
   * @param unobserved    the walk met a never-observed name at all
   */
  public record Walk(int queries, String resolvedAs, int resolvedIndex, boolean unknown, boolean assumed,
      boolean unobserved) {
  }

  private ResolverReplay() {
  }

  /** The names the resolver tries for a base name, in order. */
  public static List<String> candidates(String base, int ndots, List<String> searches, boolean trailingDot) {
    List<String> out = new ArrayList<>(searches.size() + 1);
    if (trailingDot) {
      out.add(base);
      return out;
    }
    boolean absoluteFirst = DnsNames.dots(base) >= ndots;
    if (absoluteFirst) {
      out.add(base);
    }
    for (String s : searches) {
      out.add(DnsNames.join(base, s));
    }
    if (!absoluteFirst) {
      out.add(base);
    }
    return out;
  }

  /** Replays one lookup of one type over the candidates. */
  public static Walk walk(List<String> candidates, String qtype, ObservedAnswers answers, Assumption assumption) {
    boolean assumed = false;
    boolean unobserved = false;
    for (int i = 0; i < candidates.size(); i++) {
      String c = candidates.get(i);
      Existence e = answers.existence(c, qtype);
      if (e == Existence.UNOBSERVED) {
        unobserved = true;
        e = assumption.unobserved(c);
        if (e == Existence.UNOBSERVED) {
          return new Walk(i + 1, c, i, true, assumed, true);
        }
        assumed = true;
      }
      if (e == Existence.EXISTS) {
        return new Walk(i + 1, c, i, false, assumed, unobserved);
      }
    }
    return new Walk(candidates.size(), null, -1, false, assumed, unobserved);
  }
}
