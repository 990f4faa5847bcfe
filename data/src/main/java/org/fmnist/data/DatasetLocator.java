package org.fmnist.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.fmnist.io.ProjectRoot;

/**
 * Finds and loads Fashion-MNIST: from the folder given by {@code --data-dir} only, or else from
 * {@code ./data/fashion-mnist/} and then the Debian package's folder; downloads it on request when
 * none holds it.
 */
public final class DatasetLocator {
  /**
   * Where the dataset ships and {@code fmnist data fetch} puts the files, relative to the {@link
   * ProjectRoot} (the checkout holding the launcher, else the working directory).
   */
  public static final Path LOCAL_DIR = Path.of("data", "fashion-mnist");
  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private final Path localDir;
  private final Path debianDir;
  private final ExpectedChecksums expected;
  private final DatasetDownloader downloader;

  public DatasetLocator() {
    this(
        ProjectRoot.current().resolve(LOCAL_DIR),
        DEBIAN_DIR,
        ExpectedChecksums.official(),
        new DatasetDownloader());
  }

  public DatasetLocator(
      Path localDir, Path debianDir, ExpectedChecksums expected, DatasetDownloader downloader) {
    this.localDir = localDir;
    this.debianDir = debianDir;
    this.expected = expected;
    this.downloader = downloader;
  }

  /**
   * Loads the dataset.
   *
   * @param dataDir the folder given by the user, searched alone; null to search the default ones
   * @param download whether to download the files (into {@code dataDir}, else the local folder)
   *     when no folder holds them
   * @param log receives progress and information lines
   */
  public FashionMnist load(Path dataDir, boolean download, Consumer<String> log) {
    List<Path> candidates = dataDir != null ? List.of(dataDir) : List.of(localDir, debianDir);
    for (Path dir : candidates) {
      Optional<DatasetFiles> files = DatasetFiles.find(dir);
      if (files.isPresent()) {
        return files.get().read(expected, log);
      }
    }
    if (!download) {
      throw notFound(dataDir, candidates);
    }
    Path target = dataDir != null ? dataDir : localDir;
    downloader.download(target, log);
    return DatasetFiles.find(target)
        .orElseThrow(() -> new IllegalStateException("downloaded files missing in " + target))
        .read(expected, log);
  }

  /** Downloads the official files into the folder {@code fmnist data fetch} uses. */
  public void fetch(Consumer<String> log) {
    downloader.download(localDir, log);
  }

  private static DataException notFound(Path dataDir, List<Path> searched) {
    String folders =
        searched.stream()
            .map(dir -> dir.toAbsolutePath() + " (" + DatasetFiles.whyAbsent(dir) + ")")
            .collect(Collectors.joining(", "));
    String remedy =
        dataDir != null
            ? "add --download to fetch the files into it, or point --data-dir at a folder holding"
                + " the four IDX files or the two Kaggle CSV files"
            : "install them with `apt-get install -y dataset-fashion-mnist`, or download them with"
                + " `fmnist data fetch` (or add --download)";
    return new DataException(
        "Fashion-MNIST not found; looked in " + folders + ". To get it, " + remedy);
  }
}
