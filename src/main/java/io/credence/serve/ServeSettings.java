package io.credence.serve;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the lookup service runs.
 *
 * @param bind the address to listen on (127.0.0.1 unless told otherwise)
 * @param port the port (0: any free one, printed at start)
 * @param tokensFile the bearer tokens' file ({@link Tokens})
 * @param keystore a PKCS12 keystore with the server's key and certificate: TLS when given, else
 *     plain HTTP
 * @param keystorePassword the keystore's password (null without a keystore)
 * @param keystorePasswordEnv the environment variable it was read from, for messages (null without
 *     a keystore)
 * @param journalDir the local folder of the audit journal
 * @param poll how often to look for a new scores_current version
 * @param fold how often to fold the audit journal into lookup_audit
 * @param threads request threads
 * @param grace how long a shutdown waits for requests in flight
 */
public record ServeSettings(
    String bind,
    int port,
    Path tokensFile,
    Path keystore,
    char[] keystorePassword,
    String keystorePasswordEnv,
    Path journalDir,
    Duration poll,
    Duration fold,
    int threads,
    Duration grace) {}
