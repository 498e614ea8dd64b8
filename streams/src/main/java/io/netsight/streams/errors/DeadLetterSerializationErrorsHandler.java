package io.netsight.streams.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's default production handler, except that a record our own code cannot serialize goes to the dead letter
 * queue and processing continues. The input that led to it would otherwise fail the task again after every restart.
 * Send errors keep the default: retriable ones are retried, the others stop the app (they are broker or
 * configuration problems, not bad records).
 */
public class DeadLetterSerializationErrorsHandler extends DefaultProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSerializationErrorsHandler.class);

  private String deadLetterQueueTopic;

  @Override
  public void configure(java.util.Map<String, ?> configs) {
    super.configure(configs);
    Object topic = configs.get(org.apache.kafka.streams.StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    deadLetterQueueTopic = topic == null ? null : String.valueOf(topic);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    LOG.warn("Cannot serialize the {} of a record for topic {} (processor {}, task {}, source topic {}, partition {}, "
            + "offset {}); sending the source record to the dead letter queue and continuing", origin,
        record.topic(), context.processorNodeId(), context.taskId(), context.topic(), context.partition(),
        context.offset(), exception);
    return Response.resume(ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(deadLetterQueueTopic,
        context.sourceRawKey(), context.sourceRawValue(), context, exception));
  }
}
