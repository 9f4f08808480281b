package io.credence;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts another JVM on this test JVM's class path, with the module flags Spark needs on Java 17: a
 * separate process, as an operator's command or a second run would be.
 */
public final class TestJvm {
  private TestJvm() {}

  /** A process builder for {@code java [jvmOptions] -cp <test class path> mainClass args}. */
  public static ProcessBuilder of(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-") || flag.startsWith("-XX:+IgnoreUnrecognized")) {
        command.add(flag);
      } else if (flag.startsWith("-D") && !flag.startsWith("-Dbasedir")) {
        command.add(flag);
      }
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return new ProcessBuilder(command);
  }
}
