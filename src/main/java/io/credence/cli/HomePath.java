package io.credence.cli;

import io.credence.error.InputErrors;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * The one place a path option's leading {@code ~} is expanded: the shell leaves {@code
 * --warehouse=~/wh} and a quoted {@code "~/wh"} alone, and a folder literally named {@code ~} was
 * created in the current folder. {@code ~} and {@code ~/...} become the user's home ({@code
 * user.home}); {@code ~user/...} is refused with exit 2 rather than guessed. Every {@link Path}
 * option goes through {@link AsPath} (registered for the whole command line in {@link Main}); a
 * path option held as a String (it may be a URI) names {@link AsString} as its converter.
 */
final class HomePath {
  private HomePath() {}

  /** {@code value} with a leading {@code ~} or {@code ~/} replaced by the user's home. */
  static String expand(String value) {
    if (value == null || !value.startsWith("~")) {
      return value;
    }
    if (value.equals("~") || value.startsWith("~/")) {
      return System.getProperty("user.home").replaceAll("/+$", "") + value.substring(1);
    }
    throw InputErrors.otherUsersHome(value);
  }

  /** Expands a String path option (a local path or a URI such as s3a://bucket/prefix). */
  static final class AsString implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return expand(value);
    }
  }

  /** Expands a {@link Path} option. */
  static final class AsPath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      return Path.of(expand(value));
    }
  }
}
