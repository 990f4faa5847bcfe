package org.fmnist.export;

import org.fmnist.errors.ModelFolderException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fmnist.errors.IoErrors;

/**
 * {@code fmnist inspect DIR}: what an export folder holds, like {@code saved_model_cli show --all}
 * plus the ONNX file and the provenance. DIR is a version folder, or a model base path (its newest
 * version is shown).
 */
public final class ExportInspection {
  private ExportInspection() {}

  public static String describe(Path dir) {
    Path folder = versionFolder(dir);
    StringBuilder out = new StringBuilder();
    if (!folder.equals(dir)) {
      out.append("Newest version of ").append(dir).append(": ").append(folder.getFileName()).append("\n\n");
    }
    Path savedModel = folder.resolve(SavedModelWriter.GRAPH_FILE);
    Path onnx = folder.resolve(OnnxWriter.FILE);
    Path provenance = folder.resolve(Provenance.FILE);
    try {
      if (Files.isRegularFile(savedModel)) {
        out.append(SavedModelDescription.of(folder)).append('\n');
      }
      if (Files.isRegularFile(onnx)) {
        out.append(OnnxDescription.of(onnx)).append('\n');
      }
      if (Files.isRegularFile(provenance)) {
        out.append(ProvenanceDescription.of(provenance));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + ": " + IoErrors.describe(e), e);
    }
    return out.toString();
  }

  private static Path versionFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelFolderException("no folder at " + dir);
    }
    if (holdsExport(dir)) {
      return dir;
    }
    List<Long> versions = new ModelBasePath(dir).versions();
    if (versions.isEmpty()) {
      throw new ModelFolderException(
          dir + " holds no export: give a version folder (with saved_model.pb or model.onnx) or a"
              + " model base path with numbered versions");
    }
    return dir.resolve(Long.toString(versions.get(versions.size() - 1)));
  }

  private static boolean holdsExport(Path dir) {
    return Files.isRegularFile(dir.resolve(SavedModelWriter.GRAPH_FILE))
        || Files.isRegularFile(dir.resolve(OnnxWriter.FILE));
  }
}
