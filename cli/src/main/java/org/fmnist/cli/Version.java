package org.fmnist.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Fmnist.class.getPackage().getImplementationVersion();
    return new String[] {
      "fmnist " + (version == null ? "(development build)" : version),
      "TensorFlow Java 1.0.0"
    };
  }
}
