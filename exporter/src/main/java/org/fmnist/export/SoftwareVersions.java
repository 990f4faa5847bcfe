package org.fmnist.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.tensorflow.TensorFlow;

/** The versions of fmnist, TensorFlow Java and the native TensorFlow runtime in use. */
final class SoftwareVersions {
  private SoftwareVersions() {}

  static Provenance.Software current() {
    return new Provenance.Software(
        property(SoftwareVersions.class, "fmnist-export.properties", "version"),
        property(TensorFlow.class, "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties", "version"),
        TensorFlow.version());
  }

  private static String property(Class<?> anchor, String resource, String key) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(key, "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
