package io.netsight.schema;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside a trusted set (its fix for CVE-2024-47561) unless the JVM was
 * started with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}. The generated classes of our own contract are trusted
 * here, once, by code, so no caller needs a system property; everything else keeps Avro's default policy.
 */
final class TrustedPackages {

  static final String PACKAGE = "io.netsight.schema.v1";
  private static boolean installed;

  private TrustedPackages() {
  }

  static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(new ClassSecurityValidator.ClassSecurityPredicate() {
      @Override
      public boolean isTrusted(Class<?> c) {
        return PACKAGE.equals(c.getPackageName()) || previous.isTrusted(c);
      }

      @Override
      public void forbiddenClass(String className) {
        previous.forbiddenClass(className);
      }
    });
    installed = true;
  }
}
