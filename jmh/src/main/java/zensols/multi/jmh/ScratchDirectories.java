package zensols.multi.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The scratch directories of the {@code DirectoryStash} benchmarks: a root per trial, a new
 * directory {@link #dir} per invocation (made before it, not measured), every directory of an
 * iteration deleted after it (see {@link Directory#settle(Path)}), the root deleted after the
 * trial.
 */
@State(Scope.Benchmark)
public abstract class ScratchDirectories {
  /** The trial's root. */
  protected Path root;

  /** The invocation's new, empty directory. */
  protected Path dir;

  @Setup(Level.Trial)
  public void createScratchRoot() throws IOException {
    root = Files.createTempDirectory("zensols-multi-jmh-");
  }

  @Setup(Level.Invocation)
  public void newScratchDirectory() throws IOException {
    dir = Files.createTempDirectory(root, "d");
  }

  @TearDown(Level.Iteration)
  public void deleteScratchDirectories() throws IOException {
    Directory.settle(root);
  }

  @TearDown(Level.Trial)
  public void deleteScratchRoot() throws IOException {
    Directory.deleteTree(root);
  }
}
