package io.credence.config;

import java.util.function.Function;

/**
 * The one expansion of a path's leading {@code ~}, for the command line's path options and the job
 * YAML's path keys alike: neither the shell (for {@code --warehouse=~/wh}, a quoted {@code "~/wh"}
 * or a value in a file) nor Hadoop expands it, and a folder literally named {@code ~} was created
 * in the current folder. {@code ~} and {@code ~/...} become the user's home ({@code user.home});
 * {@code ~user/...} is refused rather than guessed.
 */
public final class HomeExpansion {
  private HomeExpansion() {}

  /**
   * {@code value} with a leading {@code ~} or {@code ~/} replaced by the user's home; any other
   * value (null included) as it is. {@code otherUsersHome} makes the refusal of a {@code ~user}
   * form from the value, in the words of where it was written.
   */
  public static String expand(
      String value, Function<String, ? extends RuntimeException> otherUsersHome) {
    if (value == null || !value.startsWith("~")) {
      return value;
    }
    if (value.equals("~") || value.startsWith("~/")) {
      return System.getProperty("user.home").replaceAll("/+$", "") + value.substring(1);
    }
    throw otherUsersHome.apply(value);
  }
}
