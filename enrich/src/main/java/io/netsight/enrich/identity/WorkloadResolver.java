package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.netsight.schema.v1.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The top of a pod's owner chain: the object a person deploys and would change. ReplicaSet resolves to its
 * Deployment and Job to its CronJob through the intermediate object's own controller reference when it is known;
 * without it (offline files that list only pods), through the controllers' naming conventions, checked so that a
 * name that merely looks similar is left alone.
 */
public final class WorkloadResolver {

  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  /** How far a CronJob's scheduled time (in its Job's name) may be from the pod's creation. */
  private static final Duration CRONJOB_SCHEDULE_SLACK = Duration.ofDays(1);

  private final OwnerLookup lookup;

  public WorkloadResolver(OwnerLookup lookup) {
    this.lookup = lookup;
  }

  public Workload resolve(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    OwnerReference owner = controller(meta.getOwnerReferences());
    if (owner == null) {
      // A static pod's mirror has a Node owner on current versions; older ones only carry the mirror annotation.
      Map<String, String> annotations = meta.getAnnotations();
      if (annotations != null && annotations.containsKey(MIRROR_ANNOTATION) && pod.getSpec() != null
          && pod.getSpec().getNodeName() != null) {
        return workload("Node", pod.getSpec().getNodeName());
      }
      return workload("Pod", meta.getName());
    }
    String namespace = meta.getNamespace();
    return switch (owner.getKind()) {
      case "ReplicaSet" -> replicaSetOwner(pod, namespace, owner.getName());
      case "Job" -> jobOwner(pod, namespace, owner.getName());
      default -> workload(owner.getKind(), owner.getName());
    };
  }

  private Workload replicaSetOwner(Pod pod, String namespace, String replicaSet) {
    Optional<OwnerReference> known = lookup.controllerOf("ReplicaSet", namespace, replicaSet);
    if (known != null) {
      return known.map(o -> workload(o.getKind(), o.getName())).orElse(workload("ReplicaSet", replicaSet));
    }
    // The Deployment controller names a ReplicaSet "<deployment>-<pod-template-hash>" and labels its pods with that
    // hash, so the Deployment's name is the ReplicaSet's minus the pod's hash suffix.
    Map<String, String> labels = pod.getMetadata().getLabels();
    String hash = labels == null ? null : labels.get(POD_TEMPLATE_HASH);
    if (hash != null && !hash.isEmpty() && replicaSet.endsWith("-" + hash)
        && replicaSet.length() > hash.length() + 1) {
      return workload("Deployment", replicaSet.substring(0, replicaSet.length() - hash.length() - 1));
    }
    return workload("ReplicaSet", replicaSet);
  }

  private Workload jobOwner(Pod pod, String namespace, String job) {
    Optional<OwnerReference> known = lookup.controllerOf("Job", namespace, job);
    if (known != null) {
      return known.map(o -> workload(o.getKind(), o.getName())).orElse(workload("Job", job));
    }
    // The CronJob controller names a Job "<cronjob>-<scheduled time in minutes since the epoch>"; accept that only
    // when the number is a time close to the pod's creation, so "backup-2024" stays a Job.
    int dash = job.lastIndexOf('-');
    String created = pod.getMetadata().getCreationTimestamp();
    if (dash > 0 && dash < job.length() - 1 && created != null) {
      String digits = job.substring(dash + 1);
      if (digits.chars().allMatch(Character::isDigit) && digits.length() <= 12) {
        Instant scheduled = Instant.ofEpochSecond(Long.parseLong(digits) * 60);
        Optional<Instant> creation = K8sTime.parse(created);
        if (creation.isPresent()
            && Duration.between(scheduled, creation.get()).abs().compareTo(CRONJOB_SCHEDULE_SLACK) <= 0) {
          return workload("CronJob", job.substring(0, dash));
        }
      }
    }
    return workload("Job", job);
  }

  static OwnerReference controller(List<OwnerReference> refs) {
    if (refs == null || refs.isEmpty()) {
      return null;
    }
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.get(0));
  }

  private static Workload workload(String kind, String name) {
    return Workload.newBuilder().setKind(kind).setName(name).build();
  }
}
