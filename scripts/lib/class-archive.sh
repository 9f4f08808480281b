#!/usr/bin/env bash
# Sourced by scripts/credence (and run by LauncherClassArchiveTest); defines java_with_archive.

# Runs java with the class-data-sharing archive $1 (target/COMMAND.jsa), then the flags and
# arguments after it; ends in `exec java` once the archive exists and is newer than $jar and
# $classpath_file (which the caller sets), or at once when $1 is empty or not such a path (no
# archive). The first run of a command after each build records the classes it loads into the
# archive (written to a private name and renamed, so that concurrent runs never read a
# half-written archive); later runs map them instead of loading and verifying them again.
#
# Only a run that did the command's work writes the archive. One that only prints its help or
# version, or exits non-zero (bad arguments, a lock held by another run, a failure part-way), may
# load a fraction of the classes (`score --help` wrote 2.9 MB against 194 MB), and every later run
# until the next build would map that fraction and load the rest as if there were no archive
# (sample-data: 26.5 and 28.2 s against 22.1 s; docs/benchmark-log.md, thirty-third session). Such
# a run leaves no archive, and the next run tries again.
java_with_archive() {
  local archive="$1"
  shift
  if [[ -f "$archive" && ! "$jar" -nt "$archive" && ! "$classpath_file" -nt "$archive" ]]; then
    exec java -XX:SharedArchiveFile="$archive" "$@"
  fi
  if [[ ! "$archive" =~ /target/[a-z]+\.jsa$ ]] || only_help_or_version "$@"; then
    exec java "$@"
  fi
  rm -f "$archive"
  # This shell stays to rename the archive, so the pid a scheduler stops is its own: a stop
  # (SIGTERM, SIGHUP, or SIGINT from a terminal) is passed to java as SIGTERM, which ends it as it
  # ends a JVM started by `exec` (java in the background ignores SIGINT). Its standard input is
  # given to it explicitly: a background command's would be /dev/null (`lookup --person -`).
  local status=0 child
  java -XX:ArchiveClassesAtExit="$archive.$$" "$@" <&0 &
  child=$!
  trap 'kill -TERM "$child" 2>/dev/null' TERM HUP INT
  # A trapped signal ends `wait` early: wait until java is gone, then take its own status (bash
  # keeps it for the pid).
  while kill -0 "$child" 2>/dev/null; do wait "$child"; done
  wait "$child" || status=$?
  trap - TERM HUP INT
  if [[ "$status" == 0 && -f "$archive.$$" ]]; then
    mv -f "$archive.$$" "$archive"
  else
    rm -f "$archive.$$"
  fi
  exit "$status"
}

# Whether the arguments ask for picocli's help or version (-h, --help, -V, --version), which
# prints and exits before the command does anything.
only_help_or_version() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      -h | --help | -V | --version) return 0 ;;
    esac
  done
  return 1
}
