package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lookup and serve run without Spark's jars, and picocli reads every method and field signature of
 * a command and of its options classes (loading the classes they name): one that names a Spark
 * class makes every lookup fail with NoClassDefFoundError before it starts.
 */
class SparkFreeOptionsTest {
  @Test
  void noSignatureOfTheLookupAndServeCommandsOrTheirOptionsNamesASparkClass() {
    List<String> spark = new ArrayList<>();
    for (Class<?> c :
        List.of(
            Main.class,
            LookupCommand.class,
            ServeCommand.class,
            JobOptions.class,
            SparkOptions.class,
            PersonIdOption.class)) {
      for (Method m : c.getDeclaredMethods()) {
        Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes()))
            .filter(t -> t.getName().startsWith("org.apache.spark."))
            .forEach(t -> spark.add(c.getSimpleName() + "." + m.getName() + ": " + t.getName()));
      }
      for (Field f : c.getDeclaredFields()) {
        if (f.getType().getName().startsWith("org.apache.spark.")) {
          spark.add(c.getSimpleName() + "." + f.getName() + ": " + f.getType().getName());
        }
      }
    }
    assertThat(spark).isEmpty();
  }
}
