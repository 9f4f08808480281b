package io.credence.publish;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Create-if-absent on an object store through Hadoop's S3A connector: one PUT with {@code
 * If-None-Match: *}, which the store applies only if no object has that key, with the whole content
 * at once (S3A's conditional create, Hadoop 3.4.2 and later). The warehouse lock and the Delta log
 * ({@link ConditionalPutLogStore}) both rely on it.
 */
public final class ConditionalPut {
  /** S3A's createFile() option for a PUT with If-None-Match: *. */
  public static final String OPTION = "fs.option.create.conditional.overwrite";

  private ConditionalPut() {}

  /** Whether {@code fs} offers the conditional create under {@code path}. */
  public static boolean offered(FileSystem fs, Path path) throws IOException {
    return fs.hasPathCapability(path, OPTION);
  }

  /**
   * Writes {@code content} to {@code path} only if no object is there; false when one is (the store
   * answered 412 Precondition Failed, or 409 while another conditional write of the same key was in
   * flight, of which one wins).
   */
  public static boolean create(FileSystem fs, Path path, byte[] content) throws IOException {
    FSDataOutputStreamBuilder<FSDataOutputStream, ?> create = fs.createFile(path).overwrite(false);
    create.must(OPTION, true);
    try (FSDataOutputStream out = create.build()) {
      out.write(content); // sent as one PUT when the stream closes
    } catch (IOException e) {
      if (exists(e)) {
        return false;
      }
      throw e;
    }
    return true;
  }

  private static boolean exists(IOException e) {
    String type = e.getClass().getSimpleName();
    String message = String.valueOf(e.getMessage());
    return e instanceof org.apache.hadoop.fs.FileAlreadyExistsException
        || type.equals("RemoteFileChangedException") && message.contains("412")
        || message.contains("ConditionalRequestConflict")
        || message.contains("PreconditionFailed");
  }
}
