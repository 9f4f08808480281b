package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the input datasets live: one folder per dataset under {@code root}.
 *
 * @param root folder holding persons/, shopping_orders/, payments/, court_records/, disputes/
 */
public record InputsConfig(@JsonProperty("root") String root) {
  public InputsConfig {
    ConfigException.require(
        root != null && !root.isBlank(), "inputs.root", root, "a folder path or URI");
  }
}
