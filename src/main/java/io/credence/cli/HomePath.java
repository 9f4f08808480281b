package io.credence.cli;

import io.credence.config.HomeExpansion;
import io.credence.error.InputErrors;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * Where a path option's leading {@code ~} is expanded (by {@link HomeExpansion}, which the job
 * YAML's path keys share): the shell leaves {@code --warehouse=~/wh} and a quoted {@code "~/wh"}
 * alone. {@code ~} and {@code ~/...} become the user's home ({@code user.home}); {@code ~user/...}
 * is refused with exit 2 rather than guessed. Every {@link Path} option goes through {@link AsPath}
 * (registered for the whole command line in {@link Main}); a path option held as a String (it may
 * be a URI) names {@link AsString} as its converter.
 */
final class HomePath {
  private HomePath() {}

  /** {@code value} with a leading {@code ~} or {@code ~/} replaced by the user's home. */
  static String expand(String value) {
    return HomeExpansion.expand(value, InputErrors::otherUsersHome);
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
