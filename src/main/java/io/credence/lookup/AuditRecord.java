package io.credence.lookup;

import java.time.Instant;

/**
 * One row of lookup_audit: who looked a person up, when, why, and whether they were found. The
 * person is their key (pseudonym, or SHA-256 of the raw id), never the raw id.
 *
 * @param lookedUpAt when the lookup was answered
 * @param requester who asked (the OS user or --requester for the CLI, the token's name for serve)
 * @param purpose why they asked, as they gave it
 * @param personKey the person's key
 * @param found whether the person had a published score
 */
public record AuditRecord(
    Instant lookedUpAt, String requester, String purpose, String personKey, boolean found) {}
