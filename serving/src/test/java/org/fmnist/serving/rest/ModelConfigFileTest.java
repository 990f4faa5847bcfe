package org.fmnist.serving.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fmnist.serving.ClientThreads;
import org.fmnist.serving.models.ModelConfigFileSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --model-config-file: TF Serving's text format, relative base paths, labels, and re-reading that adds, changes and removes models. */
class ModelConfigFileTest {
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  static void write(Path file, String text) throws Exception {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, text);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theModelsOfTheFileAreServedAndItsChangesApplied(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
    Path fashion = dir.resolve("models/fashion");
    VersionPolicyTest.image();
    VersionPolicyTest.export(fashion, 1);
    VersionPolicyTest.export(fashion, 2);
    VersionPolicyTest.export(elsewhere.resolve("other"), 3);
    Path file = dir.resolve("models.config");
    write(file, """
        model_config_list {
          config {
            name: "fashion"
            base_path: "models/fashion"
            model_platform: "tensorflow"
            model_version_policy { all {} }
            version_labels { key: "stable" value: 1 }
            version_labels { key: "canary" value: 2 }
          }
          config {
            name: "other"
            base_path: "%s"
            model_platform: "tensorflow"
          }
        }
        """.formatted(elsewhere.resolve("other")));
    ServerConfig config =
        ServerConfig.builder(dir).port(0).pollInterval(Duration.ofMillis(100)).maxBodyBytes(1 << 20).threads(2)
            .modelConfigFile(new ModelConfigFileSetting(file, Duration.ofMillis(200))).build();
    try (ModelServer server = ModelServer.start(config, log::add)) {
      RestClient client = new RestClient(server.port());
      assertEquals(1, labelled(client, "stable"));
      assertEquals(2, labelled(client, "canary"));
      assertEquals(2, VersionPolicyTest.versionOf(client.post("/v1/models/fashion:predict", VersionPolicyTest.predictBody()).json()));
      assertEquals(3, VersionPolicyTest.versionOf(client.post("/v1/models/other:predict", VersionPolicyTest.predictBody()).json()));
      assertEquals("1", client.get("/v1/models/fashion/labels/stable").json().at("/model_version_status/0/version").asText());
      RestClient.Response unknown = client.post("/v1/models/fashion/labels/beta:predict", VersionPolicyTest.predictBody());
      assertEquals(404, unknown.status());
      assertEquals("Unrecognized servable version label: beta", unknown.error());

      // re-read: "other" removed, "stable" moved to version 2, fashion down to its latest version
      write(file, """
          model_config_list {
            config {
              name: "fashion"
              base_path: "models/fashion"
              model_platform: "tensorflow"
              model_version_policy { latest { num_versions: 1 } }
              version_labels { key: "stable" value: 2 }
            }
          }
          """);
      ClientThreads.await(() -> client.get("/v1/models/other").status() == 404, "model other unloaded", List.of());
      ClientThreads.await(() -> "END".equals(client.get("/v1/models/fashion/versions/1").json().at("/model_version_status/0/state").asText()), "version 1 out of the policy", List.of());
      assertEquals(2, labelled(client, "stable"));
      assertTrue(log.stream().anyMatch(line -> line.equals("fmnist serve: other unloading (no longer in the model list)")), log.toString());

      // a file that no longer reads changes nothing
      write(file, "model_config_list { config { name: \"fashion\" base_pathh: \"x\" } }");
      ClientThreads.await(() -> log.stream().anyMatch(line -> line.contains("serving the models it listed before")), "the bad file logged", List.of());
      assertEquals(2, labelled(client, "stable"));
    }
  }

  private static int labelled(RestClient client, String label) {
    RestClient.Response response = client.post("/v1/models/fashion/labels/" + label + ":predict", VersionPolicyTest.predictBody());
    assertEquals(200, response.status(), response.body());
    return VersionPolicyTest.versionOf(response.json());
  }
}
