package io.credence.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Failures of {@code lookup} and {@code serve} (all exit 2): the person id, the pseudonym key, the
 * service's options, token file, keystore, port and journal, an id with no published score.
 */
public final class ServeErrors {
  private ServeErrors() {}

  /** The person id cannot be read from {@code source}, a file or standard input. */
  public static CredenceException personIdUnreadable(String source, String detail, Throwable e) {
    return CredenceException.badInput(
        "cannot read the person id from " + source + ": " + detail,
        "lookup and erase need the person's id",
        "check the file's path and permissions",
        e);
  }

  /** {@code source} holds no person id. */
  public static CredenceException noPersonId(String source) {
    return notOneId(source + " holds no person id");
  }

  /** {@code source} holds more than one line. */
  public static CredenceException manyPersonIds(String source) {
    return notOneId(source + " holds more than one line");
  }

  /** {@code source} holds more than {@code maxBytes}: not one person id. */
  public static CredenceException personIdTooLong(String source, int maxBytes) {
    return notOneId(source + " holds more than " + maxBytes + " bytes");
  }

  /** The id in {@code source} is padded with white space or invisible characters. */
  public static CredenceException paddedPersonId(String source) {
    return CredenceException.badInput(
        "the person id from "
            + source
            + " begins or ends with white space or an invisible character (a no-break space, a"
            + " zero-width space), or holds a control character such as a tab",
        "ids are matched exactly, so such an id finds nobody: an erasure would remove nothing"
            + " and a lookup find no one",
        "pass the id without the spaces around it, e.g. `printf '%s\\n' \"$ID\" | credence"
            + " erase --person - ...`; `od -c` shows characters that do not print");
  }

  /** An audit field given on the command line ({@code option}, e.g. --purpose) is blank. */
  public static CredenceException auditFieldBlank(String option) {
    return CredenceException.badInput(
        option + " is blank",
        "every lookup and erasure is recorded with who asked and why before anything is done; a"
            + " blank entry would record neither",
        "give it a value, e.g. --purpose \"customer call\" --requester \"$USER\"; leave"
            + " --requester out to record the OS user");
  }

  /** An audit field ({@code option}) is too long or holds a line break or control character. */
  public static CredenceException auditFieldUnusable(String option, int maxChars) {
    return CredenceException.badInput(
        option
            + " is longer than "
            + maxChars
            + " characters or holds a line break, tab or other"
            + " control character",
        "it is recorded as it is in an audit table that people read row by row; a line break"
            + " would make one audit row look like several",
        "give one line of at most " + maxChars + " characters, e.g. --purpose \"customer call\"");
  }

  /** {@code option} was given a negative count. */
  public static CredenceException negativeCount(String option, int value) {
    return CredenceException.badInput(
        option + " is " + value,
        option + " is a number of snapshots",
        "pass 0 or more (0 shows the current score only)");
  }

  private static CredenceException notOneId(String what) {
    return CredenceException.badInput(
        what,
        "lookup and erase act on exactly one person, whose id is the whole first line",
        "pass one id, alone on one line, e.g. `printf '%s\\n' \"$ID\" | credence lookup"
            + " --person - ...`");
  }

  /** The environment variable {@code name} of the pseudonym key is not set. */
  public static CredenceException keyUnset(String name, int minBytes) {
    return badKey(name, " is not set", minBytes);
  }

  /** The environment variable {@code name} holds a key shorter than {@code minBytes}. */
  public static CredenceException keyTooShort(String name, int minBytes) {
    return badKey(name, " holds a key shorter than " + minBytes + " bytes", minBytes);
  }

  private static CredenceException badKey(String name, String state, int minBytes) {
    return CredenceException.badInput(
        "environment variable " + name + state,
        "person ids are pseudonymized with HMAC-SHA256 under that key (privacy.pseudonymize),"
            + " and a warehouse built with it can only be searched or erased with it",
        "export "
            + name
            + " with the warehouse's key, at least "
            + minBytes
            + " random bytes (e.g. `openssl rand -hex 32`), from your secret store");
  }

  /** The id is not in the latest snapshot. */
  public static CredenceException noPublishedScore() {
    return CredenceException.badInput(
        "no published score for that person id",
        "the id is not in the latest snapshot (unknown, mistyped, erased, or quarantined input)",
        "check the id; `credence sql` can search score_snapshots and quarantine");
  }

  /**
   * The id is not in the published snapshot of {@code date}, which scores_current is behind (a
   * rerun was interrupted between the two commits): {@code note} says so and how to fix it, as a
   * found person's answer does, since scores_current may still hold the id.
   */
  public static CredenceException noPublishedScoreWhileBehind(Object date, String note) {
    return CredenceException.badInputNoted(
        "no published score for that person id",
        "the published snapshot of "
            + date
            + " does not hold the id (unknown, mistyped, erased, or quarantined input), though"
            + " scores_current, which is behind that snapshot, may still hold an earlier run's"
            + " row of it",
        "check the id; `credence sql` can search score_snapshots and quarantine",
        note);
  }

  /** --poll-seconds, --fold-seconds or --threads is below 1. */
  public static CredenceException intervalsNotPositive() {
    return CredenceException.badInput(
        "--poll-seconds, --fold-seconds and --threads must be at least 1",
        "they are intervals and a pool size",
        "pass positive values");
  }

  /** {@code --port} is not a TCP port number. */
  public static CredenceException portOutOfRange(int port) {
    return CredenceException.badInput(
        "--port is " + port,
        "a TCP port is a number from 1 to 65535",
        "pass a port in that range, or 0 to let the system pick a free one (the service prints"
            + " it)");
  }

  /** {@code bind} is not a loopback address, and the service would serve plain HTTP there. */
  public static CredenceException plainHttpOffLoopback(String bind) {
    return CredenceException.badInput(
        "--bind " + bind + " without --keystore would serve plain HTTP beyond this machine",
        "callers' bearer tokens and the person ids in the requests' paths would cross the"
            + " network in clear",
        "serve HTTPS with --keystore (docs/lookup-service.md, TLS), or keep the default --bind"
            + " 127.0.0.1 behind a local TLS proxy");
  }

  /** The environment variable holding the keystore's password is not set. */
  public static CredenceException keystorePasswordUnset(String env) {
    return CredenceException.badInput(
        "environment variable " + env + " is not set",
        "--keystore needs its password to serve HTTPS",
        "export " + env + " with the keystore's password");
  }

  /** The keystore cannot be opened or holds no usable key ({@code e} says why). */
  public static CredenceException keystoreUnusable(Path keystore, Exception e) {
    return CredenceException.badInput(
        "cannot use the keystore " + keystore,
        describe(e) + ": the service serves HTTPS with the key and certificate it holds",
        "pass a PKCS12 keystore and its password (see docs/lookup-service.md, TLS)",
        e instanceof IOException io ? new UncheckedIOException(io) : e);
  }

  /**
   * The password in the environment variable {@code env} does not open {@code keystore}; the
   * message never holds the password.
   */
  public static CredenceException keystorePasswordWrong(Path keystore, String env, Exception e) {
    return CredenceException.badInput(
        "the password in environment variable " + env + " does not open the keystore " + keystore,
        "a PKCS12 keystore's key and certificate are locked with its password, and without them"
            + " the service cannot serve HTTPS",
        "export "
            + env
            + " with the password the keystore was made with; check it with `keytool -list"
            + " -keystore "
            + keystore
            + " -storepass:env "
            + env
            + "`",
        e);
  }

  /** The service cannot bind {@code bind}:{@code port}. */
  public static CredenceException cannotListen(String bind, int port, Exception e) {
    return CredenceException.badInput(
        "cannot listen on " + bind + ":" + port,
        e.getMessage(),
        "pass a free --port, or a local address in --bind",
        e);
  }

  /** Another service holds the audit journal's lock. */
  public static CredenceException journalInUse(Path dir) {
    return CredenceException.badInput(
        "the audit journal " + dir + " is in use by another credence serve",
        "two services appending to one journal would fold each other's records",
        "give each service its own --journal folder");
  }

  /** The audit journal's folder cannot be created, locked or written ({@code e} says why). */
  public static CredenceException journalUnusable(Path dir, IOException e) {
    return CredenceException.badInput(
        "cannot use the audit journal folder " + dir,
        describe(e)
            + ": every lookup is written to the journal before it is answered, so the service"
            + " cannot answer without it",
        "pass --journal with a folder on a local disk that the service's user can create and"
            + " write (or a path where it may create one), e.g. /var/lib/credence-serve/journal",
        e);
  }

  /**
   * {@code table} (at {@code path}) cannot be read with Delta Kernel ({@code e} says what failed):
   * its log or a data file it lists is damaged, cut short, removed or not readable.
   */
  public static CredenceException tableUnreadable(String table, String path, Throwable e) {
    return CredenceException.badInput(
        "cannot read the " + table + " table (" + path + ")",
        readFailure(e)
            + ": "
            + (table.equals("erasures")
                ? "lookup and serve read erasures beside scores_current, to answer no person whose"
                    + " erasure is on record (finished or not) until they can"
                : "lookup and serve answer from it")
            + "; its Delta log (_delta_log) or a data file the log lists is damaged, cut short,"
            + " removed or not readable by this user, and nothing is answered from a table read"
            + " in part",
        "run the command again (a file an erasure's VACUUM removed while it was read is not"
            + " read again); if it fails again, check "
            + path
            + "/_delta_log and the table's files (a disk error, a partial copy or restore, an"
            + " edit, their permissions) and repair them"
            + (table.equals("erasures")
                ? ErrorText.KEEP_ERASURES
                : "; a table put back from a backup may hold rows of persons erased since: run"
                    + " credence erase again for every request in erasures after it"),
        e);
  }

  /**
   * The classes of a read failure's causes, with the message of a cause that names a file (a
   * missing or unreadable path), never the other messages: Kernel and the JSON parser under it
   * quote the log line or token they cannot parse, and scores_current's log lines hold person ids.
   */
  public static String readFailure(Throwable e) {
    StringBuilder classes = new StringBuilder();
    String io = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      classes.append(classes.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
      boolean namesFile =
          t instanceof java.io.FileNotFoundException
              || t instanceof java.nio.file.FileSystemException;
      if (io == null && namesFile && t.getMessage() != null) {
        io = ErrorText.firstLine(t.getMessage());
      }
    }
    return io == null ? classes.toString() : classes + " (" + io + ")";
  }

  /** An I/O failure's class and message, e.g. {@code AccessDeniedException: /srv/j}. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null ? "" : ": " + ErrorText.firstLine(message));
  }

  /**
   * lookup_audit ({@code table}) cannot be written ({@code e} says why): by {@code lookup}, which
   * writes a lookup's row before printing it, or by {@code serve}, checked at start.
   */
  public static CredenceException auditNotWritten(String table, IOException e) {
    return CredenceException.badInput(
        "cannot write the audit row to lookup_audit (" + table + ")",
        describe(e)
            + ": every lookup is recorded in lookup_audit (who asked, why, the person's key):"
            + " `lookup` writes its row before it shows anything, and `serve` folds its journal"
            + " of answered lookups into it, so both need write access to the warehouse",
        "run the command as a user who may write to the warehouse's lookup_audit folder, or ask"
            + " the warehouse's owner for that access; reading scores alone is not enough",
        e);
  }

  /** The token file cannot be read. */
  public static CredenceException tokenFileUnreadable(Path file, Exception e) {
    return CredenceException.badInput(
        "cannot read the token file " + file,
        e.getClass().getSimpleName() + ": the service accepts no caller without it",
        "pass --tokens with a readable file of `NAME sha256:HEX` lines (see"
            + " docs/lookup-service.md)",
        e);
  }

  /** Line {@code lineNumber} (1-based) of the token file is malformed. */
  public static CredenceException tokenLineMalformed(int lineNumber, Path file) {
    return CredenceException.badInput(
        "line " + lineNumber + " of the token file " + file + " is not `NAME sha256:HEX`",
        "each line names one caller and the SHA-256 of its token, 64 lowercase hex digits",
        "fix the line; make one with `printf 'NAME sha256:%s\\n' \"$(printf %s \"$TOKEN\""
            + " | sha256sum | cut -d' ' -f1)\"`");
  }

  /** Lines {@code first} and {@code second} list the same token's hash under two names. */
  public static CredenceException tokenListedTwice(int first, int second, Path file) {
    return CredenceException.badInput(
        "lines "
            + first
            + " and "
            + second
            + " of the token file "
            + file
            + " list the same token under two names",
        "a lookup made with that token would be recorded in lookup_audit under one of the names"
            + " only, so the audit could not tell which caller made it",
        "give each caller its own token: delete one of the lines, or hand that caller a new"
            + " token (`openssl rand -hex 32`) and list its hash instead");
  }

  /** The token file holds no token. */
  public static CredenceException tokenFileEmpty(Path file) {
    return CredenceException.badInput(
        "the token file " + file + " holds no token",
        "without one no caller can be authenticated",
        "add a `NAME sha256:HEX` line per caller (see docs/lookup-service.md)");
  }
}
