package io.netsight.ingest.sourcekit;

/**
 * Where a capture source puts its records: the publisher's bounded queue in the agent, a printer in
 * {@code netsight replay --print}, a list in tests. Implementations must not block for long: the agent's publisher
 * drops and counts when its queue is full rather than stalling a kernel reader.
 */
@FunctionalInterface
public interface RecordSink {

  void accept(CapturedRecord record);
}
