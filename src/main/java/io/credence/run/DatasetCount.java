package io.credence.run;

/** Rows of one input dataset read, accepted and quarantined in a run. */
public record DatasetCount(long read, long accepted, long quarantined) {}
