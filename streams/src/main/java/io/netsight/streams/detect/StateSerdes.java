package io.netsight.streams.detect;

import io.netsight.schema.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Serdes for the detectors' internal Avro records (state stores and repartition topics), which live in
 * {@code io.netsight.streams.*}. Avro 1.12 instantiates only trusted classes when decoding; the contract's package is
 * trusted by the schemas module, and this adds our internal state packages, once, the same way.
 */
public final class StateSerdes {

  static final String PACKAGE_PREFIX = "io.netsight.streams.";
  private static boolean trusted;

  private StateSerdes() {
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    if (!type.getPackageName().startsWith(PACKAGE_PREFIX)) {
      throw new IllegalArgumentException(type + " is not an internal state record of io.netsight.streams");
    }
    trust();
    return AvroSerde.of(type);
  }

  private static synchronized void trust() {
    if (trusted) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(new ClassSecurityValidator.ClassSecurityPredicate() {
      @Override
      public boolean isTrusted(Class<?> c) {
        return c.getPackageName().startsWith(PACKAGE_PREFIX) || previous.isTrusted(c);
      }

      @Override
      public void forbiddenClass(String className) {
        previous.forbiddenClass(className);
      }
    });
    trusted = true;
  }
}
