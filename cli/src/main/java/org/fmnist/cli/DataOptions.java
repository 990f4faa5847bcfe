package org.fmnist.cli;

import java.nio.file.Path;
import org.fmnist.data.DatasetLocator;
import org.fmnist.data.FashionMnist;
import picocli.CommandLine.Option;

/** Where the dataset comes from; shared by every command that reads it. */
final class DataOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Folder with the dataset files (IDX, gzipped or not, or the two CSV files). Default:"
              + " ./data/fashion-mnist/, then /usr/share/datasets/fashion-mnist/.")
  Path dataDir;

  @Option(
      names = "--download",
      description = "Download the official files into data/fashion-mnist/ when none are found.")
  boolean download;

  FashionMnist load() {
    return new DatasetLocator().load(dataDir, download, Logs::info);
  }
}
