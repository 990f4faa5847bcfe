package org.fmnist.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRootTest {
  @TempDir Path tmp;

  @Test
  void theRootIsTheNearestFolderWithTheLauncherAndPom() throws Exception {
    Path root = tmp.resolve("checkout");
    Files.createDirectories(root.resolve("trainer/src"));
    Files.writeString(root.resolve("fmnist"), "#!/bin/sh\n");
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.writeString(root.resolve("trainer/pom.xml"), "<project/>");
    assertEquals(root, ProjectRoot.find(root.resolve("trainer/src")));
    assertEquals(root, ProjectRoot.find(root));
  }

  @Test
  void withoutACheckoutTheStartFolderIsTheRoot() {
    assertEquals(tmp.resolve("a"), ProjectRoot.find(tmp.resolve("a")));
  }

  @Test
  void pathsUnderTheRootAreRelativeOthersAbsolute() {
    Path root = tmp.resolve("checkout");
    assertEquals("runs/cnn-20261201", ProjectRoot.describe(root.resolve("runs/cnn-20261201"), root));
    assertEquals("data/fashion-mnist", ProjectRoot.describe(root.resolve("x/../data/fashion-mnist"), root));
    assertEquals(".", ProjectRoot.describe(root, root));
    assertEquals(tmp.resolve("elsewhere/run").toString(), ProjectRoot.describe(tmp.resolve("elsewhere/run"), root));
    assertEquals(tmp.resolve("checkout-2").toString(), ProjectRoot.describe(tmp.resolve("checkout-2"), root));
  }

  @Test
  void thisCheckoutIsFoundFromAModuleFolder() {
    Path root = ProjectRoot.current();
    assertEquals(true, Files.isRegularFile(root.resolve("fmnist")), root.toString());
    assertEquals("data/fashion-mnist", ProjectRoot.describe(root.resolve("data/fashion-mnist")));
  }
}
