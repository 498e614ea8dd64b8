package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(10, Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void theCeilingDoublesUpToTheCap() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void delaysAreJitteredBetweenHalfTheCeilingAndTheCeiling() {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration d = backoff.delay(3);
      assertThat(d).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
      seen.add(d);
    }
    // Jitter: 200 draws from 1001 values are not all the same.
    assertThat(seen.size()).isGreaterThan(50);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(-1, Duration.ofMillis(1), Duration.ofMillis(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(1, Duration.ofMillis(10), Duration.ofMillis(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.ceiling(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
