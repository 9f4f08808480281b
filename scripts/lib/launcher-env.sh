#!/usr/bin/env bash
# Sourced by scripts/credence and scripts/submit (and run by LauncherEnvTest); defines the checks of
# the CREDENCE_* variables they read, run before anything is built or started: a bad value exits 2
# with what, why and how to fix it, where java would have exited 1 refusing -Xmx (or bash's
# arithmetic would have failed or, worse, read a word as 0).

# Exits 2 unless the variable named $1 is unset, empty (the default $2 applies) or a heap size as
# java's -Xmx takes it: a whole number with an optional unit k, m, g or t (2g, 512m). With $3 (a
# number of megabytes), a smaller heap exits 2 too: $4 names what needs it and $5 says why.
require_heap_size() {
  local name="$1" default="$2" min_mb="${3:-}" who="${4:-}" why="${5:-}" value="${!1:-}"
  [[ -z "$value" ]] && return 0
  if [[ ! "$value" =~ ^[1-9][0-9]*[kKmMgGtT]?$ ]]; then
    printf '%s\n' "credence: $name is '$value', not a heap size" \
      "  why: the launcher passes it to java as -Xmx$value, which takes a whole number with an optional unit k, m, g or t" \
      "  fix: set it like 2g or 512m (export $name=4g), or unset it for the default $default" >&2
    exit 2
  fi
  [[ -z "$min_mb" ]] || (($(heap_megabytes "$value") >= min_mb)) && return 0
  printf '%s\n' "credence: $name is '$value', under the ${min_mb}m $who needs" \
    "  why: $why" \
    "  fix: set it to ${min_mb}m or more (export $name=$default), or unset it for the default $default" >&2
  exit 2
}

# CREDENCE_DRIVER_MEMORY, the heap of the Spark driver (scripts/credence and scripts/submit).
require_driver_memory() {
  require_heap_size CREDENCE_DRIVER_MEMORY 4g 512 "the driver" \
    "Spark refuses a driver heap under 450 MB (it keeps 300 MB of it for itself), and java refuses a heap of a few megabytes; 1g runs sample-data"
}

# Prints the megabytes of a heap size like 512m or 2g (rounded down; at most 10^12, so that bash's
# arithmetic cannot overflow on a long number).
heap_megabytes() {
  local value="$1" number unit
  number="${value%[kKmMgGtT]}"
  unit="${value#"$number"}"
  ((${#number} > 12)) && number=999999999999
  case "$unit" in
    k | K) echo $((number / 1024)) ;;
    m | M) echo "$number" ;;
    g | G) echo $((number * 1024)) ;;
    t | T) echo $((number * 1024 * 1024)) ;;
    *) echo $((number / 1024 / 1024)) ;;
  esac
}

# Exits 2 unless the variable named $1 is unset, empty (the default $2 applies) or a whole number
# of bytes.
require_byte_count() {
  local name="$1" default="$2" value="${!1:-}"
  [[ -z "$value" || "$value" =~ ^[0-9]+$ ]] && return 0
  printf '%s\n' "credence: $name is '$value', not a number of bytes" \
    "  why: the launcher compares it with the bytes of the command's local input, so it must be digits only (no unit)" \
    "  fix: set it like 67108864 for 64 MB, or 0 to turn the short run off (export $name=0), or unset it for the default $default" >&2
  exit 2
}

# The variables scripts/credence reads, all checked whatever the command.
check_launcher_env() {
  require_driver_memory
  # Floors measured on sample-data's warehouse (2,000 persons), with margin: a lookup ran out of
  # memory at 66m (opening the AWS SDK bundle's jar, which a lookup of a warehouse named with a
  # scheme still carries) and worked at 72m; serve at 72m and 80m.
  require_heap_size CREDENCE_LOOKUP_MEMORY 512m 128 "a lookup" \
    "a lookup opens every jar of its classpath in the heap, for a warehouse on an object store the AWS SDK's 640-MB bundle (for S3A) among them: on sample-data it ran out of memory at 66m (java exited 1 with a stack trace) and worked at 72m"
  require_heap_size CREDENCE_SERVE_MEMORY 2g 128 "the service" \
    "the service opens the same jars as a lookup and holds the whole scores_current index in the heap: on sample-data it ran out of memory at 72m (java exited 1 with a stack trace) and served at 80m; docs/lookup-service.md (Memory) sizes it by persons"
  require_byte_count CREDENCE_SHORT_RUN_BYTES 67108864
}
