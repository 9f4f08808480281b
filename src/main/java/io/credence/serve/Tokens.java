package io.credence.serve;

import io.credence.error.ServeErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens the lookup service accepts, from a file that holds only their SHA-256 hashes:
 * one {@code NAME sha256:HEX} line per caller ({@code #} starts a comment). The name is the
 * requester recorded in lookup_audit. A token is random (e.g. {@code openssl rand -hex 32}), so an
 * unsalted hash is enough to keep the file from being a list of secrets.
 */
public final class Tokens {
  private static final Pattern LINE =
      Pattern.compile("([A-Za-z0-9_.@-]+)\\s+sha256:([0-9a-f]{64})");
  private static final int MIN_TOKEN_CHARS = 32;
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private record Entry(String name, byte[] hash, int line) {}

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads the file; refuses (exit 2) an unreadable file, a malformed line, a token listed under two
   * names, or a file without tokens (the service would refuse every caller).
   */
  public static Tokens read(Path file) {
    Tokens tokens = readAllowingNone(file);
    if (tokens.size() == 0) {
      throw ServeErrors.tokenFileEmpty(file);
    }
    return tokens;
  }

  /**
   * Reads the file as {@link #read} does, but a file without tokens gives no callers: on a reload
   * that is how the last caller is revoked.
   */
  static Tokens readAllowingNone(Path file) {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw ServeErrors.tokenFileUnreadable(file, e);
    }
    if (!lines.isEmpty() && lines.get(0).startsWith(BYTE_ORDER_MARK)) {
      // Some editors (Windows Notepad) start a UTF-8 file with one: it marks the encoding and is
      // no part of the first line, which would otherwise be refused as malformed.
      lines.set(0, lines.get(0).substring(1));
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> lineOfHash = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var m = LINE.matcher(line);
      if (!m.matches()) {
        throw ServeErrors.tokenLineMalformed(i + 1, file);
      }
      Integer first = lineOfHash.putIfAbsent(m.group(2), entries.size());
      if (first != null && !entries.get(first).name().equals(m.group(1))) {
        throw ServeErrors.tokenListedTwice(entries.get(first).line(), i + 1, file);
      }
      entries.add(new Entry(m.group(1), HexFormat.of().parseHex(m.group(2)), i + 1));
    }
    return new Tokens(entries);
  }

  /** No caller at all: every request is refused. */
  static Tokens none() {
    return new Tokens(List.of());
  }

  /** Callers known. */
  public int size() {
    return entries.size();
  }

  /**
   * The caller's name for the value of an {@code Authorization} header ({@code Bearer TOKEN}), or
   * empty when it names no known token. Every entry is compared in constant time.
   */
  public Optional<String> caller(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorization.substring(7).strip();
    if (token.length() < MIN_TOKEN_CHARS) {
      return Optional.empty();
    }
    byte[] hash = sha256(token);
    String found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
        found = e.name();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The SHA-256 of a token's UTF-8 bytes. */
  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "Tokens[" + entries.size() + " callers, hashes redacted]";
  }
}
