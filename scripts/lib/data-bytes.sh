#!/usr/bin/env bash
# Sourced by scripts/credence (and run by LauncherDataBytesTest); defines command_folder,
# local_path and data_bytes.

# The folder a command works on, as its arguments give it (unresolved; empty when not known): for
# score and validate the input folder they read (--input, else inputs.root of their --config,
# default jobs/nightly-score.yaml, block style as there); for erase and lookup the warehouse
# (--warehouse, else warehouse of their --config). For generate, the number of persons it writes
# (--persons, 2,000 by default).
command_folder() {
  local command="${1:-}" input="" warehouse="" config="jobs/nightly-score.yaml" persons=2000
  local previous=""
  shift || true
  for arg in "$@"; do
    case "$previous" in
      --input) input="$arg" ;;
      --warehouse) warehouse="$arg" ;;
      --config) config="$arg" ;;
      --persons) persons="$arg" ;;
    esac
    case "$arg" in
      --input=*) input="${arg#--input=}" ;;
      --warehouse=*) warehouse="${arg#--warehouse=}" ;;
      --config=*) config="${arg#--config=}" ;;
      --persons=*) persons="${arg#--persons=}" ;;
    esac
    previous="$arg"
  done
  # A leading ~/ is the home folder, as the commands read it (config.HomePath).
  input="${input/#\~\//$HOME/}"
  warehouse="${warehouse/#\~\//$HOME/}"
  config="${config/#\~\//$HOME/}"
  case "$command" in
    generate) echo "$persons" ;;
    score | validate)
      if [[ -z "$input" && -f "$config" ]]; then
        input="$(awk '/^inputs:/ { inside = 1; next } /^[^ #]/ { inside = 0 }
          inside && $1 == "root:" { print $2; exit }' "$config")"
      fi
      echo "$input"
      ;;
    erase | lookup)
      if [[ -z "$warehouse" && -f "$config" ]]; then
        warehouse="$(awk '$1 == "warehouse:" && NF >= 2 && $2 !~ /^#/ { print $2; exit }' "$config")"
      fi
      echo "$warehouse"
      ;;
  esac
}

# Whether the arguments name, by command_folder, a plain path on the local disk: a value that
# begins with a letter, digit, ., _, -, / or ~ (after a quote, as YAML may write it) and holds no
# colon. A scheme (s3a://, file:), a YAML tag, anchor or block (!!str, &w, >-), a variable, no
# value, or an @argfile among the arguments (picocli reads options from it) is not.
local_path() {
  local arg folder
  for arg in "$@"; do
    [[ "$arg" == @* ]] && return 1
  done
  folder="$(command_folder "$@")"
  [[ "$folder" =~ ^[\"\']?[~/.A-Za-z0-9_-][^:]*$ ]]
}

# The bytes a command handles, for the launcher's short-run choice (scripts/credence): those of the
# local folder (symbolic links followed) a score or validate reads, or an erase rewrites (the
# sample-data warehouse after one run is under 1 MB, 1M persons' some hundreds of MB); empty when
# not known or not a local folder. For generate, the bytes it writes: about 1,400 per person (1M
# persons are 1.4 GB).
data_bytes() {
  local folder
  folder="$(command_folder "$@")"
  case "${1:-}" in
    generate)
      [[ "$folder" =~ ^[0-9]+$ ]] && echo $((folder * 1400))
      ;;
    score | validate | erase)
      # -L: a folder whose subfolders are symbolic links is measured by what they point at.
      if [[ -n "$folder" && -d "$folder" ]]; then
        du -sbL "$folder" 2>/dev/null | cut -f1
      fi
      ;;
  esac
  return 0
}
