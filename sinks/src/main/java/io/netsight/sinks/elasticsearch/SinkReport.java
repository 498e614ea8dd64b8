package io.netsight.sinks.elasticsearch;

/**
 * What the sink has done so far.
 *
 * @param consumed      records read from Kafka
 * @param indexed       documents Elasticsearch created or overwrote
 * @param superseded    versioned documents it already had at this or a newer version (replays, late revisions)
 * @param deadLettered  records sent to the dead-letter topic (undecodable, or refused by the mapping)
 * @param skipped       tombstones (nothing to index)
 * @param bulkRequests  {@code _bulk} batches written
 * @param retries       retries those batches took
 */
public record SinkReport(long consumed, long indexed, long superseded, long deadLettered, long skipped,
    long bulkRequests, long retries) {

  @Override
  public String toString() {
    return String.format("%d consumed, %d indexed, %d superseded, %d dead-lettered, %d skipped, %d bulk requests, "
        + "%d retries", consumed, indexed, superseded, deadLettered, skipped, bulkRequests, retries);
  }
}
