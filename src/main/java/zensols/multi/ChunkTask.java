package zensols.multi;

/**
 * The work done on one chunk, in a worker.
 *
 * @param <D> the type of the chunk's items
 */
@FunctionalInterface
public interface ChunkTask<D> {

  /**
   * Processes one chunk. Called once per chunk, concurrently for different chunks (except by
   * {@link SingleProcessor}). Should respond to interruption, which is how a processor cancels it.
   *
   * @param chunk the chunk
   * @throws Exception to fail the run; the processor cancels the other chunks
   */
  void run(Chunk<D> chunk) throws Exception;
}
