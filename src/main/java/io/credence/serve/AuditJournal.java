package io.credence.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.error.ServeErrors;
import io.credence.lookup.AuditRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The lookup service's audit journal: a local folder of append-only segment files, one JSON line
 * per answered lookup, each line fsync'd before its request is answered, later folded into the
 * lookup_audit table ({@link JournalFolder}). Concurrent requests share fsyncs (group commit): the
 * first request to find the disk idle writes every line waiting and fsyncs them, while the others
 * wait; one of those leads the next write. Durability costs one fsync per batch, not per request,
 * and no thread hand-off for the request that leads.
 *
 * <p>A line is {@code CRC32HEX JSON}; a line cut short by a crash (never acknowledged: the fsync
 * comes after the write) fails its checksum or lacks its newline and is dropped on reading. The
 * folder is locked while a service uses it, and holds a journal id that tags this journal's commits
 * to lookup_audit, so that folding a segment twice adds its rows once.
 */
public final class AuditJournal implements AutoCloseable {
  private static final String ID_FILE = "journal.id";
  private static final String LOCK_FILE = "journal.lock";
  private static final String PREFIX = "audit-";
  private static final String SUFFIX = ".jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AT_NANOS = "at_ns";

  private final Path dir;
  private final String journalId;
  private final FileChannel lockChannel;
  private final FileLock lock;
  // Guarded by this: lines waiting, the sequence numbers appended and on disk, the segment.
  private List<byte[]> waiting = new ArrayList<>();
  private long appended;
  private long durable;
  private boolean writing;
  private IOException failure;
  private FileChannel current;
  private long currentSegment;
  private long currentLines;
  private boolean closed;

  /** A segment file, numbered in the order it was written. */
  public record Segment(long number, Path path) {}

  private AuditJournal(
      Path dir,
      String journalId,
      FileChannel lockChannel,
      FileLock lock,
      ToLongFunction<String> committed)
      throws IOException {
    this.dir = dir;
    this.journalId = journalId;
    this.lockChannel = lockChannel;
    this.lock = lock;
    // Above every segment on disk and every one already folded: a clean stop leaves no segment,
    // and a number reused under the kept journal id would be refused by lookup_audit as a retry.
    long onDisk = segments().stream().mapToLong(Segment::number).max().orElse(0);
    this.currentSegment = Math.max(onDisk, committed.applyAsLong(appId())) + 1;
    this.current = openSegment(currentSegment);
  }

  /**
   * Opens (creating) the journal in {@code dir}; refuses one another process has open. {@code
   * committed} gives the highest segment number lookup_audit already holds for an app id ({@link
   * #appId()}), 0 for none: new segments are numbered above it.
   */
  public static AuditJournal open(Path dir, ToLongFunction<String> committed) {
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this JVM
      }
      if (lock == null) {
        lockChannel.close();
        throw ServeErrors.journalInUse(dir);
      }
      return new AuditJournal(dir, journalId(dir), lockChannel, lock, committed);
    } catch (IOException e) {
      closeQuietly(lockChannel); // releases the lock with it
      throw ServeErrors.journalUnusable(dir, e);
    } catch (UncheckedIOException e) {
      closeQuietly(lockChannel);
      throw ServeErrors.journalUnusable(dir, e.getCause());
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the folder is refused already; this failure adds nothing to say
    }
  }

  /** The id that tags this journal's commits to lookup_audit (Delta's SetTransaction appId). */
  public String appId() {
    return "credence-serve-" + journalId;
  }

  /**
   * Writes {@code record} and returns once it is on disk (fsync'd); answer the request only then.
   * Throws when it could not be written within {@code timeout}, or the journal is closed or broken.
   */
  public void record(AuditRecord record, Duration timeout) throws IOException {
    byte[] line = line(record);
    long deadline = System.nanoTime() + timeout.toNanos();
    long mine;
    synchronized (this) {
      if (closed) {
        throw new IOException("the audit journal is closed");
      }
      waiting.add(line);
      mine = ++appended;
    }
    while (true) {
      List<byte[]> batch;
      long last;
      synchronized (this) {
        while (writing && durable < mine) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IOException("the audit journal did not write within " + timeout);
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the audit journal", e);
          }
        }
        if (durable >= mine) {
          return;
        }
        if (failure != null) {
          throw failure;
        }
        writing = true; // this request leads the next write
        batch = waiting;
        waiting = new ArrayList<>();
        last = appended;
      }
      IOException error = writeDurably(batch);
      synchronized (this) {
        writing = false;
        if (error == null) {
          durable = last;
          currentLines += batch.size();
        } else {
          failure = error;
        }
        notifyAll();
      }
    }
  }

  /** Writes and fsyncs {@code batch} to the open segment; the error, or null. */
  private IOException writeDurably(List<byte[]> batch) {
    int size = batch.stream().mapToInt(b -> b.length).sum();
    ByteBuffer buffer = ByteBuffer.allocate(size);
    batch.forEach(buffer::put);
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        current.write(buffer);
      }
      current.force(false);
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /**
   * Closes the segment being written when it holds lines and starts the next one, so that the
   * closed ones can be folded; returns every closed segment, oldest first.
   */
  public synchronized List<Segment> rotate() {
    awaitIdle();
    if (currentLines > 0 && !closed) {
      try {
        current.close();
        currentSegment++;
        current = openSegment(currentSegment);
        currentLines = 0;
      } catch (IOException e) {
        failure = e;
        throw new UncheckedIOException("cannot start a new audit journal segment in " + dir, e);
      }
    }
    long open = closed ? Long.MAX_VALUE : currentSegment;
    return segments().stream().filter(s -> s.number() < open).toList();
  }

  /** Waits (holding the monitor between waits) until no write is under way. */
  private void awaitIdle() {
    while (writing) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the audit journal", e);
      }
    }
  }

  /** Lines waiting for the next write. */
  public synchronized int pending() {
    return waiting.size();
  }

  /** Closes the segment (after the write under way) and releases the folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    awaitIdle();
    closed = true;
    try {
      if (!waiting.isEmpty() && failure == null) {
        // lines whose requests gave up waiting: written, as they may have been answered
        IOException error = writeDurably(waiting);
        waiting = new ArrayList<>();
        if (error != null) {
          throw error;
        }
        durable = appended;
      }
      current.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the audit journal " + dir, e);
    } finally {
      notifyAll();
    }
  }

  /** The records of a segment, up to the first line cut short or damaged (a crash's tail). */
  public static List<AuditRecord> read(Path segment) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit journal segment " + segment, e);
    }
    List<AuditRecord> records = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      AuditRecord r = parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
      if (r == null) {
        break;
      }
      records.add(r);
      start = i + 1;
    }
    return records;
  }

  /** Deletes a folded segment. */
  public static void delete(Segment segment) {
    try {
      Files.deleteIfExists(segment.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the folded segment " + segment.path(), e);
    }
  }

  private FileChannel openSegment(long number) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(String.format("%s%016d%s", PREFIX, number, SUFFIX)),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    syncDirectory(dir);
    return channel;
  }

  private List<Segment> segments() {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{16}" + SUFFIX))
          .map(
              p -> {
                String name = p.getFileName().toString();
                return new Segment(
                    Long.parseLong(
                        name.substring(PREFIX.length(), name.length() - SUFFIX.length())),
                    p);
              })
          .sorted(java.util.Comparator.comparingLong(Segment::number))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit journal " + dir, e);
    }
  }

  private static String journalId(Path dir) throws IOException {
    Path file = dir.resolve(ID_FILE);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    String id = UUID.randomUUID().toString();
    Path tmp = dir.resolve(ID_FILE + ".tmp");
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    return id;
  }

  /** Makes a new or renamed file's directory entry durable (Linux lets a directory be fsync'd). */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms refuse to open a directory; the file's own fsync still holds its data.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  /**
   * {@code CRC32HEX JSON\n}, the time as nanoseconds since the epoch ({@code at_ns}); written and
   * read with Jackson's streaming API, since the periodic fold reads every line again.
   */
  private static byte[] line(AuditRecord r) {
    StringWriter json = new StringWriter(160);
    try (JsonGenerator g = JSON.getFactory().createGenerator(json)) {
      g.writeStartObject();
      g.writeNumberField(AT_NANOS, ChronoUnit.NANOS.between(Instant.EPOCH, r.lookedUpAt()));
      g.writeStringField("requester", r.requester());
      g.writeStringField("purpose", r.purpose());
      g.writeStringField("person_key", r.personKey());
      g.writeBooleanField("found", r.found());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an audit journal line", e);
    }
    String text = json.toString();
    return (crc(text) + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The record of a line, or null when its checksum fails or a field is missing. Reads {@code
   * at_ns}, or {@code at} as an ISO instant in lines written before it.
   */
  private static AuditRecord parse(String line) {
    int space = line.indexOf(' ');
    String json = space == 8 ? line.substring(9) : "";
    if (space != 8 || !line.substring(0, 8).equals(crc(json))) {
      return null;
    }
    Instant at = null;
    String requester = null;
    String purpose = null;
    String personKey = null;
    Boolean found = null;
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (field) {
          case AT_NANOS -> at = Instant.ofEpochSecond(0, p.getLongValue());
          case "at" -> at = Instant.parse(p.getText());
          case "requester" -> requester = p.getText();
          case "purpose" -> purpose = p.getText();
          case "person_key" -> personKey = p.getText();
          case "found" -> found = value == JsonToken.VALUE_TRUE;
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (at == null || requester == null || purpose == null || personKey == null || found == null) {
      return null;
    }
    return new AuditRecord(at, requester, purpose, personKey, found);
  }

  private static String crc(String json) {
    CRC32 crc = new CRC32();
    crc.update(json.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }
}
