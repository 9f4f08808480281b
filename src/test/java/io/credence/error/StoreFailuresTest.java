package io.credence.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreFailuresTest {
  @Test
  void aConnectorHadoopNamesButDoesNotShipIsTheUsersToAdd() {
    // --warehouse abfs://... exited 1 with Hadoop's ClassNotFoundException and a stack trace.
    RuntimeException abfs =
        new RuntimeException(
            "java.lang.ClassNotFoundException: Class"
                + " org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem not found",
            new ClassNotFoundException(
                "Class org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem not found"));
    CredenceException explained = StoreFailures.explain(abfs);
    assertThat(explained).isNotNull();
    assertThat(explained.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(explained)
        .hasMessageStartingWith("no Hadoop file system for abfs:// paths is on the classpath");
    assertThat(
            StoreFailures.explain(
                new RuntimeException(
                    "Class org.apache.hadoop.fs.azure.NativeAzureFileSystem not found")))
        .hasMessageStartingWith("no Hadoop file system for wasb://");
    // Any other missing class is not the store's.
    assertThat(StoreFailures.explain(new RuntimeException("Class com.example.Udf not found")))
        .isNull();
  }

  /**
   * What S3A throws when its retries give up on a closed port (as seen after 354 s of `credence
   * score` against http://127.0.0.1:46237): exit 2 naming the endpoint's HOST:PORT.
   */
  @Test
  void s3asFailureAfterItsRetriesNamesTheEndpoint() {
    String refused =
        "Unable to execute HTTP request: Connect to 127.0.0.1:46237 [/127.0.0.1] failed:"
            + " Connection refused";
    Exception s3a =
        new org.apache.hadoop.fs.s3a.AWSClientIOException(
            "getFileStatus on s3a://b-wh/w/_credence.lock.probe",
            software.amazon.awssdk.core.exception.SdkClientException.builder()
                .message(refused)
                .cause(new java.net.ConnectException("Connection refused"))
                .build());
    CredenceException explained =
        StoreFailures.explain(new RuntimeException("Job aborted", new java.io.IOException(s3a)));
    assertThat(explained).isNotNull();
    assertThat(explained.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(explained)
        .hasMessageStartingWith(
            "the object store cannot be reached at its endpoint 127.0.0.1:46237: getFileStatus on"
                + " s3a://b-wh/w/_credence.lock.probe")
        .hasMessageContaining("check storage.s3a.endpoint");
    // An unknown host names the host.
    Exception unknown =
        new org.apache.hadoop.fs.s3a.AWSClientIOException(
            "getFileStatus on s3a://b/w",
            software.amazon.awssdk.core.exception.SdkClientException.builder()
                .message("Unable to execute HTTP request: store.invalid")
                .cause(
                    new java.net.UnknownHostException("store.invalid: Name or service not known"))
                .build());
    assertThat(StoreFailures.explain(unknown))
        .hasMessageStartingWith(
            "the object store cannot be reached at its endpoint store.invalid:");
  }

  /**
   * What S3A throws when no provider of its chain had credentials (seen from `credence sql` on an
   * s3a:// warehouse with none set): exit 2 saying none were found, not that they were refused.
   */
  @Test
  void noCredentialsAtAllAreNamedAsMissingNotRefused() {
    String none =
        "No AWS Credentials provided by TemporaryAWSCredentialsProvider"
            + " SimpleAWSCredentialsProvider EnvironmentVariableCredentialsProvider"
            + " IAMInstanceCredentialsProvider : software.amazon.awssdk.core.exception."
            + "SdkClientException: Unable to load credentials from system settings.";
    Exception denied =
        new java.nio.file.AccessDeniedException(
            "s3a://credence-wh/wh/_delta_log: org.apache.hadoop.fs.s3a.auth."
                + "NoAuthWithAWSException: "
                + none);
    CredenceException explained =
        StoreFailures.explain(new RuntimeException("query failed", denied));
    assertThat(explained).isNotNull();
    assertThat(explained.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(explained)
        .hasMessageStartingWith("S3A found no credentials for the object store: s3a://credence-wh")
        .hasMessageContaining("AWS_EC2_METADATA_DISABLED=true");
    // Credentials the store refuses are still named as refused.
    assertThat(
            StoreFailures.explain(
                new java.nio.file.AccessDeniedException(
                    "s3a://b/w: getFileStatus: Status Code: 403, InvalidAccessKeyId")))
        .hasMessageStartingWith("the object store refused access");
  }
}
