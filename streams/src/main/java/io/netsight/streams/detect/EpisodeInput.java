package io.netsight.streams.detect;

import io.netsight.schema.v1.Finding;

/** What a detector's window stage tells the {@link EpisodeTracker}. */
public sealed interface EpisodeInput {

  /**
   * The condition held for the subject (the record key) in one window: a draft finding with every field but the
   * episode ones filled in, windowStart and windowEnd set.
   */
  record Held(Finding draft) implements EpisodeInput {
  }

  /**
   * Progress: every window ending at or before {@code throughMs} has been closed and its results delivered (record
   * key null). Sent after each close, whether or not any subject held.
   */
  record Closed(long throughMs) implements EpisodeInput {
  }
}
