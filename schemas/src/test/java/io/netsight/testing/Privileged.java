package io.netsight.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs root (network namespaces, iptables, live capture) and the named command-line tools. Without them
 * it is skipped with the reason, so a person can run the suite; with {@code NETSIGHT_REQUIRE_PRIVILEGED_TESTS=1} (set
 * by .ci/run, which runs as root) a missing precondition fails the test instead, so CI never passes by skipping.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(PrivilegedCondition.class)
public @interface Privileged {

  /** Executables that must be on the PATH (e.g. "ip", "tcpdump", "dnsmasq"). */
  String[] tools() default {};
}
