package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/**
 * Finds the controller of an intermediate owner (a ReplicaSet's Deployment, a Job's CronJob). Live, it reads the
 * informer caches; offline, the objects present in the cluster files.
 */
@FunctionalInterface
public interface OwnerLookup {

  /** Nothing known: owners resolve by naming convention only. */
  OwnerLookup NONE = (kind, namespace, name) -> null;

  /**
   * The controller reference of the object {@code kind/namespace/name}: {@code null} when the object is not known,
   * an empty optional when it is known and has no controller.
   */
  Optional<OwnerReference> controllerOf(String kind, String namespace, String name);
}
