package io.netsight.sinks.elasticsearch;

/** Retriable failures outlasted the retry budget: the sink stops without committing, and resumes on restart. */
public class RetriesExhaustedException extends ElasticsearchException {

  private static final long serialVersionUID = 1L;

  public RetriesExhaustedException(String message) {
    super(message, true);
  }
}
