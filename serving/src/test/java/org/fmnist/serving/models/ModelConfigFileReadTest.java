package org.fmnist.serving.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model config file that does not read is refused with one line naming the file and the reason. */
class ModelConfigFileReadTest {
  private static void write(Path file, String text) throws Exception {
    Files.writeString(file, text);
  }

  @Test
  void aFileThatDoesNotReadIsAOneLineError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.config");
    write(file, "model_config_list { config { name: \"fashion\" base_path: \"f\" model_platform: \"onnx\" } }");
    IllegalArgumentException platform = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.read(file));
    assertEquals("model config file " + file + ": model 'fashion': model_platform 'onnx' (fmnist serve serves 'tensorflow' SavedModels)", platform.getMessage());
    write(file, "model_config_list { config { name: \"fashion\" base_path: \"f\" } config { name: \"fashion\" base_path: \"g\" } }");
    assertEquals("model config file " + file + ": model 'fashion' is listed twice", assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.read(file)).getMessage());
    write(file, "model_config_list { config { name: \"fashion\" base_pth: \"f\" } }");
    String syntax = assertThrows(IllegalArgumentException.class, () -> ModelConfigFile.read(file)).getMessage();
    assertTrue(syntax.startsWith("model config file " + file + ": 1:"), syntax);
    assertTrue(syntax.contains("base_pth"), syntax);
  }
}
