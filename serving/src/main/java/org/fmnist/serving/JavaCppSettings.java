package org.fmnist.serving;

/**
 * A setting of JavaCPP, the native bridge under TensorFlow Java. While its {@code maxPhysicalBytes}
 * is set (by default, to twice the heap limit), every native allocation, such as each tensor a
 * model run feeds or fetches, reads {@code /proc/self/statm} under one lock for the whole process,
 * so as to call {@code System.gc()} when resident memory passes the limit. fmnist closes every
 * native object it makes, so that guard only costs: a system call per tensor, and a lock that
 * concurrent runs queue on (the README's serving benchmark has what it measured). A Java app that loads models with the
 * serving module can call {@link #skipResidentMemoryChecks()} before TensorFlow's first class
 * loads, or start the JVM with {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}.
 */
public final class JavaCppSettings {
  public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  private JavaCppSettings() {}

  /** Turns the per-allocation check off, unless the property is already set (the JVM's flag wins). */
  public static void skipResidentMemoryChecks() {
    if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
      System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }
}
