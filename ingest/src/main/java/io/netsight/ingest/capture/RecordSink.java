package io.netsight.ingest.capture;

/**
 * Where capture sources put their records: the publisher's bounded queue in the agent, a printer or a producer in
 * replay. Called on the source's own thread; an implementation for the live agent must not block it indefinitely.
 */
@FunctionalInterface
public interface RecordSink {

  void accept(CapturedRecord record);
}
