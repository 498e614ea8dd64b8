package io.netsight.streams.detect;

import java.time.Instant;

/**
 * Finding ids are derived from what the episode is, never random, so replaying the same input yields the same ids
 * and a sink that upserts by id converges: {@code <detector>/<subject key>/<first window start, epoch seconds>},
 * e.g. {@code ndots/default/Deployment/web/1764151680}.
 */
public final class FindingIds {

  private FindingIds() {
  }

  public static String of(String detector, String subjectKey, Instant firstSeen) {
    return detector + "/" + subjectKey + "/" + firstSeen.getEpochSecond();
  }
}
