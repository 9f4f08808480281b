#!/usr/bin/env bash
# Sourced by scripts/credence (and run by LauncherDataBytesTest); defines data_bytes.

# The bytes a command handles, for the launcher's short-run choice (scripts/credence). For score
# and validate, those of the local input folder they read (symbolic links followed): --input, else
# inputs.root of their --config (default jobs/nightly-score.yaml, block style as there); empty when
# not known or not a local folder. For generate, the bytes it writes: about 1,400 per person
# (--persons, 2,000 by default; 1M persons are 1.4 GB). For erase, those of the local warehouse it
# rewrites: --warehouse, else warehouse of its --config (the sample-data warehouse after one run is
# under 1 MB, 1M persons' some hundreds of MB).
data_bytes() {
  local command="${1:-}" input="" warehouse="" config="jobs/nightly-score.yaml" persons=2000
  local previous="" folder=""
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
  case "$command" in
    generate)
      [[ "$persons" =~ ^[0-9]+$ ]] && echo $((persons * 1400))
      return 0
      ;;
    score | validate)
      folder="$input"
      if [[ -z "$folder" && -f "$config" ]]; then
        folder="$(awk '/^inputs:/ { inside = 1; next } /^[^ #]/ { inside = 0 }
          inside && $1 == "root:" { print $2; exit }' "$config")"
      fi
      ;;
    erase)
      folder="$warehouse"
      if [[ -z "$folder" && -f "$config" ]]; then
        folder="$(awk '$1 == "warehouse:" && NF >= 2 && $2 !~ /^#/ { print $2; exit }' "$config")"
      fi
      ;;
    *) return 0 ;;
  esac
  if [[ -n "$folder" && -d "$folder" ]]; then
    # -L: a folder whose subfolders are symbolic links is measured by what they point at.
    du -sbL "$folder" 2>/dev/null | cut -f1
  fi
  return 0
}
