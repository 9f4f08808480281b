package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The JDK HTTP server's settings the service sets when the operator did not. */
class ServerDefaultsTest {
  @Test
  void boundsTheTimeToReadARequestUnlessTheOperatorDid() {
    Properties unset = new Properties();
    ScoreServer.serverDefaults(unset);
    assertThat(unset)
        .containsEntry("sun.net.httpserver.maxReqTime", "10")
        .containsEntry("sun.net.httpserver.maxRspTime", "30")
        .containsEntry("sun.net.httpserver.nodelay", "true");

    Properties operator = new Properties();
    operator.setProperty("sun.net.httpserver.maxReqTime", "3");
    operator.setProperty("sun.net.httpserver.nodelay", "false");
    ScoreServer.serverDefaults(operator);
    assertThat(operator)
        .containsEntry("sun.net.httpserver.maxReqTime", "3")
        .containsEntry("sun.net.httpserver.maxRspTime", "30")
        .containsEntry("sun.net.httpserver.nodelay", "false");
  }
}
