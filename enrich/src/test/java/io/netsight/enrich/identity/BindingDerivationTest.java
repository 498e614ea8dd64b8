package io.netsight.enrich.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netsight.schema.v1.IpBinding;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validity and workload from the objects themselves. */
class BindingDerivationTest {

  static {
    io.netsight.schema.Topics.all();
  }

  private final BindingDerivation derivation = new BindingDerivation(DerivationConfig.defaults(), OwnerLookup.NONE);

  @Test
  void validFromPrefersTheSandboxReadyConditionThenInitializedThenStartTimeThenCreation() {
    Pod pod = base().editStatus().addNewCondition().withType("Initialized").withStatus("True")
        .withLastTransitionTime("2026-11-26T10:00:03Z").endCondition()
        .addNewCondition().withType("PodReadyToStartContainers").withStatus("True")
        .withLastTransitionTime("2026-11-26T10:00:02Z").endCondition().endStatus().build();
    Pod initializedOnly = base().editStatus().addNewCondition().withType("Initialized").withStatus("True")
        .withLastTransitionTime("2026-11-26T10:00:03Z").endCondition().endStatus().build();

    assertThat(from(pod)).isEqualTo("2026-11-26T10:00:02Z");
    assertThat(from(initializedOnly)).isEqualTo("2026-11-26T10:00:03Z");
    assertThat(from(base().build())).isEqualTo("2026-11-26T10:00:01Z");
    assertThat(from(base().editStatus().withStartTime(null).endStatus().build())).isEqualTo("2026-11-26T10:00:00Z");
  }

  @Test
  void aDeletedRunningPodIsReleasedAtItsDeletionTimestampUnlessTheDeleteWasSeenEarlier() {
    Pod deleting = base().editMetadata().withDeletionTimestamp("2026-11-26T10:01:00Z").endMetadata().build();

    IpBinding late = derivation.pod(deleting, true, Instant.parse("2026-11-26T10:05:00Z")).get(0);
    IpBinding early = derivation.pod(deleting, true, Instant.parse("2026-11-26T10:00:40Z")).get(0);

    assertThat(late.getValidTo()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
    assertThat(early.getValidTo()).isEqualTo(Instant.parse("2026-11-26T10:00:40Z"));
  }

  @Test
  void ownersResolveByConventionWhenTheIntermediateObjectIsUnknown() {
    Pod rs = base().editMetadata().addToLabels("pod-template-hash", "7f9c6d5b4").addNewOwnerReference()
        .withKind("ReplicaSet").withName("web-7f9c6d5b4").withController(true).endOwnerReference().endMetadata()
        .build();
    Pod job = base().editMetadata().addNewOwnerReference().withKind("Job").withName("report-29928120")
        .withController(true).endOwnerReference().endMetadata().build();
    Pod plainJob = base().editMetadata().addNewOwnerReference().withKind("Job").withName("backup-2024")
        .withController(true).endOwnerReference().endMetadata().build();
    Pod sts = base().editMetadata().addNewOwnerReference().withKind("StatefulSet").withName("db")
        .withController(true).endOwnerReference().endMetadata().build();
    Pod mirror = base().editMetadata().addToAnnotations("kubernetes.io/config.mirror", "x").endMetadata().build();

    assertThat(workload(rs)).isEqualTo("Deployment/web");
    assertThat(workload(job)).isEqualTo("CronJob/report");
    assertThat(workload(plainJob)).isEqualTo("Job/backup-2024");
    assertThat(workload(sts)).isEqualTo("StatefulSet/db");
    assertThat(workload(mirror)).isEqualTo("Node/node-a");
    assertThat(workload(base().build())).isEqualTo("Pod/p");
  }

  @Test
  void aReplicaSetsOwnControllerReferenceWins() {
    BindingDerivation known = new BindingDerivation(DerivationConfig.defaults(), (kind, ns, name) ->
        java.util.Optional.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withKind("Deployment")
            .withName("storefront").build()));
    Pod rs = base().editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("web-7f9c6d5b4")
        .withController(true).endOwnerReference().endMetadata().build();

    assertThat(known.pod(rs, false, null).get(0).getWorkload().getName()).isEqualTo("storefront");
  }

  @Test
  void ipv6AddressesAreCanonical() {
    assertThat(Ips.canonical("2001:DB8:0:0:0:0:0:1")).contains("2001:db8::1");
    assertThat(Ips.canonical("fd00:0:0:1:0:0:0:0")).contains("fd00:0:0:1::");
    assertThat(Ips.canonical("10.1")).isEmpty();
    assertThat(Ips.canonical("example.com")).isEmpty();
    assertThat(Ips.hostPort("fd00::a", 53)).isEqualTo("[fd00::a]:53");
  }

  private String from(Pod pod) {
    List<IpBinding> b = derivation.pod(pod, false, null);
    return b.get(0).getValidFrom().toString();
  }

  private String workload(Pod pod) {
    var w = derivation.pod(pod, false, null).get(0).getWorkload();
    return w.getKind() + "/" + w.getName();
  }

  private static PodBuilder base() {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u")
        .withCreationTimestamp("2026-11-26T10:00:00Z").endMetadata()
        .withNewSpec().withNodeName("node-a").endSpec()
        .withNewStatus().withPhase("Running").withPodIP("10.244.1.7").addNewPodIP().withIp("10.244.1.7").endPodIP()
        .withStartTime("2026-11-26T10:00:01Z").endStatus();
  }
}
