package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a pod held its addresses, from the object itself rather than from when a watcher saw it.
 *
 * <p>From: the {@code PodReadyToStartContainers} condition (the sandbox and its network exist: the IP was assigned),
 * else {@code Initialized}, else {@code status.startTime}, else {@code metadata.creationTimestamp}.
 *
 * <p>To, in order of preference:
 * <ol>
 *   <li>a Succeeded/Failed pod, or a deleted pod whose containers all terminated: the latest container
 *       {@code finishedAt} (kubelet tears the sandbox down, freeing the IP, right after);</li>
 *   <li>a deleted pod with containers still running in its last state: {@code metadata.deletionTimestamp} (the end
 *       of the grace period, an upper bound on when kubelet killed it), or the time the delete was observed when that
 *       is earlier;</li>
 *   <li>only when the object carries no time at all: the time the change was observed (last resort).</li>
 * </ol>
 * A later pod's own start on the same address cuts an over-long end short (see {@code IpHistory}).
 */
public final class PodValidity {

  /** Where a release time came from, for logs and tests. */
  public enum EndSource { FINISHED_AT, DELETION_TIMESTAMP, OBSERVED }

  public record End(Instant at, EndSource source) {
  }

  static final String READY_TO_START = "PodReadyToStartContainers";
  static final String INITIALIZED = "Initialized";

  private PodValidity() {
  }

  public static Optional<Instant> from(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status != null) {
      Optional<Instant> t = conditionTime(status, READY_TO_START).or(() -> conditionTime(status, INITIALIZED))
          .or(() -> K8sTime.parse(status.getStartTime()));
      if (t.isPresent()) {
        return t;
      }
    }
    return pod.getMetadata() == null ? Optional.empty() : K8sTime.parse(pod.getMetadata().getCreationTimestamp());
  }

  /** True for a pod whose containers will not run again: its addresses are released. */
  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * When the pod released its addresses, or empty while it holds them.
   *
   * @param deleted    the object was deleted (a watch DELETED event)
   * @param observedAt when the change was seen; {@code null} offline when nothing else is known
   */
  public static Optional<End> end(Pod pod, boolean deleted, Instant observedAt) {
    boolean terminal = isTerminal(pod);
    if (!terminal && !deleted) {
      return Optional.empty();
    }
    Optional<Instant> finished = latestFinishedAt(pod, !terminal);
    if (finished.isPresent()) {
      return Optional.of(new End(finished.get(), EndSource.FINISHED_AT));
    }
    Optional<Instant> deletion = pod.getMetadata() == null ? Optional.empty()
        : K8sTime.parse(pod.getMetadata().getDeletionTimestamp());
    if (deleted && deletion.isPresent()) {
      if (observedAt != null && observedAt.isBefore(deletion.get())) {
        return Optional.of(new End(observedAt, EndSource.OBSERVED));
      }
      return Optional.of(new End(deletion.get(), EndSource.DELETION_TIMESTAMP));
    }
    return observedAt == null ? Optional.empty() : Optional.of(new End(observedAt, EndSource.OBSERVED));
  }

  /**
   * The latest {@code finishedAt} of the pod's containers.
   *
   * @param requireAll only when every container has terminated (a deleted pod that may still have been running)
   */
  static Optional<Instant> latestFinishedAt(Pod pod, boolean requireAll) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (status.getContainerStatuses() != null) {
      all.addAll(status.getContainerStatuses());
    }
    if (requireAll && all.isEmpty()) {
      return Optional.empty();
    }
    Instant latest = null;
    for (ContainerStatus c : all) {
      Instant t = c.getState() == null || c.getState().getTerminated() == null ? null
          : K8sTime.parse(c.getState().getTerminated().getFinishedAt()).orElse(null);
      if (t == null) {
        if (requireAll) {
          return Optional.empty();
        }
        continue;
      }
      latest = latest == null || t.isAfter(latest) ? t : latest;
    }
    if (latest == null && status.getInitContainerStatuses() != null) {
      // A pod that failed during init never started its containers; its init containers ended it.
      for (ContainerStatus c : status.getInitContainerStatuses()) {
        Instant t = c.getState() == null || c.getState().getTerminated() == null ? null
            : K8sTime.parse(c.getState().getTerminated().getFinishedAt()).orElse(null);
        if (t != null && (latest == null || t.isAfter(latest))) {
          latest = t;
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Optional<Instant> conditionTime(PodStatus status, String type) {
    if (status.getConditions() == null) {
      return Optional.empty();
    }
    for (PodCondition c : status.getConditions()) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return K8sTime.parse(c.getLastTransitionTime());
      }
    }
    return Optional.empty();
  }
}
