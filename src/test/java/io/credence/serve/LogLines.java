package io.credence.serve;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The lines a class logs while this is open, as {@code LEVEL message}. */
public final class LogLines extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final LoggerConfig config;
  private final String source;

  public LogLines(Class<?> source) {
    super("log-lines-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    this.source = source.getName();
    this.context = (LoggerContext) LogManager.getContext(false);
    this.config = context.getConfiguration().getLoggerConfig(this.source);
    start();
    config.addAppender(this, Level.ALL, null);
    context.updateLoggers();
  }

  @Override
  public void append(LogEvent event) {
    if (event.getLoggerName().equals(source)) {
      lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
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
