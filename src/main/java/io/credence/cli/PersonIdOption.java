package io.credence.cli;

import io.credence.error.ServeErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The raw person id of lookup and erase: on the command line ({@code --person ID}), or kept off it,
 * where {@code ps} and Spark's environment listing would show it, with {@code --person -} (standard
 * input) or {@code --person-file PATH}. Use it as an exclusive, required argument group.
 */
final class PersonIdOption {
  /** Longer input is not one person id. */
  private static final int MAX_BYTES = 4096;

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  @Option(
      names = "--person",
      required = true,
      paramLabel = "ID",
      description =
          "The person's raw id, or - to read it from standard input (the way to pass a real id:"
              + " the command line is visible to `ps`).")
  String person;

  @Option(
      names = "--person-file",
      required = true,
      paramLabel = "PATH",
      description = "Reads the person's raw id from this file (one id, one line).")
  Path file;

  /**
   * The id: from the option, standard input or the file, without its line ending; exit 2 when that
   * is blank or padded with white space.
   */
  String read(InputStream stdin) {
    if (file == null && !"-".equals(person)) {
      if (person.contains("\n")) {
        throw ServeErrors.manyPersonIds("--person");
      }
      return exact(person, "--person");
    }
    String source = file != null ? "--person-file " + file : "standard input (--person -)";
    byte[] bytes;
    try {
      bytes = file != null ? readFile(file) : stdin.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw ServeErrors.personIdUnreadable(source, e.getMessage(), e);
    }
    return oneId(new String(bytes, StandardCharsets.UTF_8), bytes.length > MAX_BYTES, source);
  }

  private static byte[] readFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MAX_BYTES + 1);
    }
  }

  /** The text without one final line ending; exit 2 unless that leaves exactly one id. */
  static String oneId(String text, boolean tooLong, String source) {
    // A byte-order mark starts files that some editors (Windows Notepad) save as UTF-8: it marks
    // the encoding and is no part of the id.
    String id = text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    id = id.endsWith("\n") ? id.substring(0, id.length() - 1) : id;
    id = id.endsWith("\r") ? id.substring(0, id.length() - 1) : id;
    if (tooLong) {
      throw ServeErrors.personIdTooLong(source, MAX_BYTES);
    }
    if (id.contains("\n")) {
      throw ServeErrors.manyPersonIds(source);
    }
    return exact(id, source);
  }

  /**
   * {@code id} unless it is blank, begins or ends with white space or an invisible character, or
   * holds a control character: ids are matched exactly, so an erasure or a lookup of a padded or
   * blank id would quietly act on nobody, or on the input rows whose person id is missing.
   */
  private static String exact(String id, String source) {
    if (id.isBlank()) {
      throw ServeErrors.noPersonId(source);
    }
    if (!id.equals(id.strip())
        || invisible(id.codePointAt(0))
        || invisible(id.codePointBefore(id.length()))
        || id.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL)) {
      throw ServeErrors.paddedPersonId(source);
    }
    return id;
  }

  /**
   * A character that shows as nothing or as a space but that {@link String#strip} keeps: a no-break
   * space, a byte-order mark or zero-width space (format characters).
   */
  private static boolean invisible(int c) {
    return Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
  }
}
