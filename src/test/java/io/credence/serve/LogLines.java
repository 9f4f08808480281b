package io.credence.serve;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The lines a class (or a package) logs while this is open, as {@code LEVEL message}. */
public final class LogLines extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final LoggerConfig config;
  private final Predicate<String> logger;
  private final boolean withCauses;

  public LogLines(Class<?> source) {
    this(source.getName(), source.getName()::equals, false);
  }

  /**
   * The lines of every logger in {@code pkg} and below, each followed by the messages of the
   * exception it logs and of that exception's causes (what a log file would show of them).
   */
  public static LogLines under(String pkg) {
    return new LogLines(pkg, name -> name.equals(pkg) || name.startsWith(pkg + "."), true);
  }

  private LogLines(String name, Predicate<String> logger, boolean withCauses) {
    super("log-lines-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
    this.withCauses = withCauses;
    this.context = (LoggerContext) LogManager.getContext(false);
    this.config = context.getConfiguration().getLoggerConfig(name);
    start();
    config.addAppender(this, Level.ALL, null);
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    if (logger.test(event.getLoggerName())) {
      StringBuilder line = new StringBuilder();
      line.append(event.getLevel()).append(' ').append(event.getMessage().getFormattedMessage());
      for (Throwable t = event.getThrown(); withCauses && t != null; t = t.getCause()) {
        line.append(" | ").append(t);
      }
      lines.add(line.toString());
    }
  }

  /** The lines logged so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    config.removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
