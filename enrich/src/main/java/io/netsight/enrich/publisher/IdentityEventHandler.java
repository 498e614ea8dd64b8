package io.netsight.enrich.publisher;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;

/**
 * Thin informer handler: each callback becomes one queue item with the time it was seen, nothing more. The queue is
 * bounded; when the publisher falls behind, the informer's delivery thread waits here.
 */
final class IdentityEventHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

  private final BlockingQueue<IdentityPublisher.Work> queue;
  private final Clock clock;

  IdentityEventHandler(BlockingQueue<IdentityPublisher.Work> queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public void onAdd(T obj) {
    put(new IdentityPublisher.Change(obj, false, clock.instant()));
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    put(new IdentityPublisher.Change(newObj, false, clock.instant()));
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    put(new IdentityPublisher.Change(obj, true, clock.instant()));
  }

  private void put(IdentityPublisher.Work work) {
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
