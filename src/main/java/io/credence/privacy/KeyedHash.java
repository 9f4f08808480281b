package io.credence.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lowercase hex HMAC-SHA256 of a string's UTF-8 bytes under a secret key. It needs nothing but the
 * JDK, so the Spark-free lookup reader and service compute pseudonyms with the same code the
 * nightly job's UDF ({@link HmacPseudonym}) runs.
 */
final class KeyedHash implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private transient Mac mac;

  KeyedHash(byte[] key) {
    this.key = key.clone();
  }

  /** The hash of {@code text}; one Mac per instance, locked (a few microseconds per call). */
  synchronized String hex(String text) {
    try {
      if (mac == null) {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
      }
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "KeyedHash[key redacted]";
  }
}
