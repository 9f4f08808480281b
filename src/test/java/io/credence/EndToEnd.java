package io.credence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs whole commands (score, train, serve, generate) on populations it generates
 * or on sample-data: most of the suite's time. {@code mvn -B test -Pfast} runs every other test;
 * {@code mvn -B verify} and {@code .ci/run} run them all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("end-to-end")
public @interface EndToEnd {}
