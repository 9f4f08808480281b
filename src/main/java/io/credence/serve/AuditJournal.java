package io.credence.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.error.ServeErrors;
import io.credence.lookup.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lookup service's audit journal: a local folder of append-only segment files, one JSON line
 * per answered lookup, each line fsync'd before its request is answered, later folded into the
 * lookup_audit table ({@link JournalFolder}). Concurrent requests share fsyncs (group commit): the
 * first request to find the disk idle writes every line waiting and fsyncs them, while the others
 * wait; one of those leads the next write. Durability costs one fsync per batch, not per request,
 * and no thread hand-off for the request that leads.
 *
 * <p>A line is {@code CRC32HEX JSON}; a last line cut short by a crash (never acknowledged: the
 * fsync comes after the write) lacks its newline and is dropped on reading. A line damaged later
 * (it fails its checksum) is set aside by the fold, and the lines after it are folded. The folder
 * is locked while a service uses it, and holds a journal id that tags this journal's commits to
 * lookup_audit, so that folding a segment twice adds its rows once.
 */
public final class AuditJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditJournal.class);
  private static final String ID_FILE = "journal.id";
  private static final String LOCK_FILE = "journal.lock";
  private static final String PREFIX = "audit-";
  private static final String SUFFIX = ".jsonl";
  private static final String DAMAGED_SUFFIX = ".damaged";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AT_NANOS = "at_ns";

  private final Path dir;
  private final String journalId;
  // Guarded by this, or by being the one writer (writing): the lock, the lines waiting for the next
  // write, the segment and its number.
  private FileChannel lockChannel;
  private Batch open = new Batch();
  private boolean writing;
  private IOException failing; // the last write's failure; null once a write succeeds
  private boolean removalReported;
  private FileChannel current; // null: the next write starts a new segment
  private long currentSegment;
  private long currentLines;
  private boolean closed;

  /** Lines written with one write and one fsync, and how that ended. */
  private static final class Batch {
    final List<byte[]> lines = new ArrayList<>();
    boolean done;
    IOException error;
  }

  /** A segment file, numbered in the order it was written. */
  public record Segment(long number, Path path) {}

  private AuditJournal(
      Path dir, String journalId, FileChannel lockChannel, ToLongFunction<String> committed)
      throws IOException {
    this.dir = dir;
    this.journalId = journalId;
    this.lockChannel = lockChannel;
    // Above every segment on disk and every one already folded: a clean stop leaves no segment,
    // and a number reused under the kept journal id would be refused by lookup_audit as a retry.
    long onDisk = segments().stream().mapToLong(Segment::number).max().orElse(0);
    this.currentSegment = Math.max(onDisk, committed.applyAsLong(appId()));
    ensureSegment(); // opens the next one
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
      lockChannel = lockedChannel(dir);
      if (lockChannel == null) {
        throw ServeErrors.journalInUse(dir);
      }
      return new AuditJournal(dir, journalId(dir), lockChannel, committed);
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
   * Throws when it could not be written within {@code timeout}, its write failed, or the journal is
   * closed. A failed write fails only the lines written with it: the next record tries again.
   */
  public void record(AuditRecord record, Duration timeout) throws IOException {
    byte[] line = line(record);
    long deadline = System.nanoTime() + timeout.toNanos();
    Batch mine;
    synchronized (this) {
      if (closed) {
        throw new IOException("the audit journal is closed");
      }
      mine = open;
      mine.lines.add(line);
    }
    while (true) {
      Batch batch;
      synchronized (this) {
        while (writing && !mine.done) {
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
        if (mine.done) {
          if (mine.error != null) {
            throw new IOException("the audit journal could not write", mine.error);
          }
          return;
        }
        writing = true; // this request leads the next write, of every line waiting (its own too)
        batch = open;
        open = new Batch();
      }
      IOException error = writeDurably(batch.lines);
      synchronized (this) {
        writing = false;
        finish(batch, error);
        notifyAll();
      }
    }
  }

  /** Records how {@code batch}'s write ended; logs the first failure and the recovery once. */
  private void finish(Batch batch, IOException error) {
    batch.done = true;
    batch.error = error;
    if (error == null) {
      currentLines += batch.lines.size();
      if (failing != null) {
        LOG.info("the audit journal {} writes again; lookups are answered", dir);
      }
    } else if (failing == null) {
      LOG.error(
          "the audit journal {} cannot write; lookups are refused (503) and the write is tried"
              + " again at the next lookup: {}",
          dir,
          error.toString());
    }
    failing = error;
  }

  /**
   * Writes and fsyncs {@code batch} to the open segment, first making sure that segment is still in
   * the folder ({@link #ensureSegment}); the error, or null. After a failed write the segment is
   * closed, its torn tail dropped on reading, and the next write starts a new one.
   */
  private IOException writeDurably(List<byte[]> batch) {
    try {
      ensureSegment();
    } catch (IOException e) {
      return e;
    }
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
      closeQuietly(current);
      current = null;
      return e;
    }
  }

  /**
   * Makes sure the open segment is a file in the journal folder, so that nothing is answered on a
   * line written to a file that no fold will find. When the segment was removed (the folder deleted
   * while serving) it recreates the folder (same journal id, locked again) and a new segment
   * holding the removed one's lines, read back through its still open channel; when no segment is
   * open it starts the next one. Called by the writer or under the monitor when idle.
   */
  private void ensureSegment() throws IOException {
    Path path = dir.resolve(segmentName(currentSegment));
    if (current != null && Files.exists(path)) {
      return;
    }
    byte[] carried = new byte[0];
    if (current != null) {
      if (!removalReported) {
        removalReported = true;
        LOG.error(
            "the audit journal's open segment {} was removed (the folder {} deleted?); no lookup"
                + " is answered until it is recreated, with the lines already written",
            path.getFileName(),
            dir);
      }
      carried = readBack(current);
    }
    if (!Files.isRegularFile(dir.resolve(ID_FILE))) {
      reclaimFolder();
    }
    FileChannel next = openSegment(currentSegment + 1);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(carried);
      while (buffer.hasRemaining()) {
        next.write(buffer);
      }
      next.force(false);
    } catch (IOException e) {
      closeQuietly(next);
      throw e;
    }
    closeQuietly(current);
    current = next;
    currentSegment++;
    currentLines = lineCount(carried);
    if (removalReported) {
      removalReported = false;
      LOG.info(
          "the audit journal folder {} is back: segment {} holds the {} lines of the removed one;"
              + " closed segments removed with the folder are lost",
          dir,
          currentSegment,
          currentLines);
    }
  }

  /** Recreates a removed journal folder with this journal's id, and locks it again. */
  private void reclaimFolder() throws IOException {
    Files.createDirectories(dir);
    writeJournalId(dir, journalId);
    FileChannel channel = lockedChannel(dir);
    if (channel == null) {
      throw new IOException("another process locked the recreated journal folder " + dir);
    }
    closeQuietly(lockChannel); // its lock was on the removed file
    lockChannel = channel;
  }

  /**
   * The folder's lock file, opened and locked (closing the channel releases the lock); null, and
   * nothing left open, when another process or this JVM holds it.
   */
  private static FileChannel lockedChannel(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (OverlappingFileLockException e) { // held by this JVM
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    return null;
  }

  /** Every byte written to {@code channel}'s file, removed from the folder but still open. */
  private static byte[] readBack(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw new IOException("the removed audit segment is too large to carry over: " + size);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    return buffer.array();
  }

  private static long lineCount(byte[] bytes) {
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /**
   * Closes the segment being written when it holds lines and starts the next one, so that the
   * closed ones can be folded; returns every closed segment, oldest first. A removed folder is
   * recreated first ({@link #ensureSegment}).
   */
  public synchronized List<Segment> rotate() {
    awaitIdle();
    if (!closed) {
      try {
        ensureSegment();
        if (currentLines > 0) {
          FileChannel full = current;
          current = null;
          full.close();
          ensureSegment();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a new audit journal segment in " + dir, e);
      }
    }
    long open = closed || current == null ? Long.MAX_VALUE : currentSegment;
    return segments().stream().filter(s -> s.number() < open).toList();
  }

  /**
   * What keeps the journal from recording lookups, or empty when it writes: its last write failed,
   * or its open segment was removed. For the health check.
   */
  public synchronized Optional<String> problem() {
    if (closed) {
      return Optional.of("the audit journal is closed");
    }
    if (failing != null) {
      return Optional.of("the audit journal cannot write: " + failing.getClass().getSimpleName());
    }
    if (current != null && !Files.exists(dir.resolve(segmentName(currentSegment)))) {
      return Optional.of("the audit journal's open segment was removed");
    }
    return Optional.empty();
  }

  /**
   * Whether the journal is closed: the service is stopping, and records nothing more. Once true it
   * stays true.
   */
  public synchronized boolean closed() {
    return closed;
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
    return open.lines.size();
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
      if (!open.lines.isEmpty()) {
        // lines whose requests gave up waiting: written, as they may have been answered
        Batch last = open;
        open = new Batch();
        IOException error = writeDurably(last.lines);
        finish(last, error);
        if (error != null) {
          throw error;
        }
      }
      if (current != null) {
        current.close();
      }
      lockChannel.close(); // releases the lock
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the audit journal " + dir, e);
    } finally {
      notifyAll();
    }
  }

  /**
   * What a segment holds, line by line: the records of its sound lines, its damaged lines (ended by
   * a newline, yet failing their checksum or not parsing: a disk error, an edit), and whether its
   * last line lacks its newline (cut short by a crash or a failed write while it was written, so
   * never answered). A damaged line does not hide the sound lines after it.
   */
  public record Contents(List<AuditRecord> records, List<DamagedLine> damaged, boolean torn) {}

  /** A damaged line of a segment: its number (from 1) and its bytes, newline excluded. */
  public record DamagedLine(int number, byte[] bytes) {}

  /** Reads {@code segment} ({@link Contents}). */
  public static Contents contents(Path segment) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit journal segment " + segment, e);
    }
    List<AuditRecord> records = new ArrayList<>();
    List<DamagedLine> damaged = new ArrayList<>();
    int start = 0;
    int number = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      number++;
      AuditRecord r = parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
      if (r == null) {
        damaged.add(new DamagedLine(number, Arrays.copyOfRange(bytes, start, i)));
      } else {
        records.add(r);
      }
      start = i + 1;
    }
    return new Contents(records, damaged, start < bytes.length);
  }

  /** The records of a segment's sound lines ({@link #contents}). */
  public static List<AuditRecord> read(Path segment) {
    return contents(segment).records();
  }

  /**
   * Writes {@code damaged}, one line each as they were, to {@code <segment>.damaged} beside the
   * segment, durably and replacing an earlier copy (a fold retried after a crash writes the same
   * lines again); returns that file. Nothing in the service deletes it: the lines may be lookups
   * that were answered, for an operator to recover or account for.
   */
  public static Path setAside(Segment segment, List<DamagedLine> damaged) {
    Path kept = segment.path().resolveSibling(segment.path().getFileName() + DAMAGED_SUFFIX);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (DamagedLine line : damaged) {
      lines.writeBytes(line.bytes());
      lines.write('\n');
    }
    try {
      replaceDurably(kept, lines.toByteArray());
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set aside the damaged lines of " + segment.path(), e);
    }
  }

  /**
   * Replaces {@code file} with {@code content} so that a crash leaves the old file or the new one,
   * whole: written to a temporary file beside it, forced to disk, moved over it, the folder synced.
   */
  private static void replaceDurably(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        c.write(buffer);
      }
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.getParent());
  }

  /** Deletes a folded segment. */
  public static void delete(Segment segment) {
    try {
      Files.deleteIfExists(segment.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the folded segment " + segment.path(), e);
    }
  }

  /** A new segment, readable too: its lines can be carried over if its file is removed. */
  private FileChannel openSegment(long number) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(segmentName(number)),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    syncDirectory(dir);
    return channel;
  }

  private static String segmentName(long number) {
    return String.format("%s%016d%s", PREFIX, number, SUFFIX);
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
    writeJournalId(dir, id);
    return id;
  }

  private static void writeJournalId(Path dir, String id) throws IOException {
    replaceDurably(dir.resolve(ID_FILE), (id + "\n").getBytes(StandardCharsets.UTF_8));
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
