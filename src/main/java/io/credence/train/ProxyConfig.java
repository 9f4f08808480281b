package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;
import java.util.List;

/**
 * How {@code train --table} looks for likely proxies of protected attributes (see {@link
 * ProxyCheck}).
 *
 * @param maxAssociation the bias-corrected Cramér's V between a kept feature's bins and a protected
 *     column above which the feature is a likely proxy
 * @param protectedColumns columns of the table that hold protected attributes besides the names
 *     refused everywhere (e.g. personal_status); never features, used for the association check;
 *     the command line's --protected replaces them
 */
public record ProxyConfig(
    @JsonProperty("max_association") double maxAssociation,
    @JsonProperty("protected_columns") List<String> protectedColumns) {

  /** V above 0.3 (a moderate association) flags a feature; no extra protected columns. */
  public static final ProxyConfig DEFAULTS = new ProxyConfig(0.3, List.of());

  public ProxyConfig {
    ConfigException.require(
        maxAssociation > 0 && maxAssociation <= 1,
        "proxy.max_association",
        maxAssociation,
        "a Cramér's V above 0 up to 1 (default 0.3)");
    protectedColumns = protectedColumns == null ? List.of() : List.copyOf(protectedColumns);
  }
}
