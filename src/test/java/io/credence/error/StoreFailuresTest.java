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
}
