package org.fmnist.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this serving library, as the servers report it in their metadata. */
public final class ServingVersion {
  private static final String VERSION = read();

  private ServingVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    Properties properties = new Properties();
    try (InputStream in = ServingVersion.class.getResourceAsStream("fmnist-serving.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }
}
