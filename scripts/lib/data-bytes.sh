#!/usr/bin/env bash
# Sourced by scripts/credence (and run by LauncherDataBytesTest); defines data_bytes.

# The bytes a command handles, for the launcher's short-run choice (scripts/credence). For score
# and validate, those of the local input folder they read (symbolic links followed): --input, else
# inputs.root of their --config (default jobs/nightly-score.yaml, block style as there); empty when
# not known or not a local folder. For generate, the bytes it writes: about 1,400 per person
# (--persons, 2,000 by default; 1M persons are 1.4 GB).
data_bytes() {
  local command="${1:-}" input="" config="jobs/nightly-score.yaml" previous="" persons=2000
  if [[ "$command" == generate ]]; then
    shift
    for arg in "$@"; do
      [[ "$previous" == --persons ]] && persons="$arg"
      [[ "$arg" == --persons=* ]] && persons="${arg#--persons=}"
      previous="$arg"
    done
    [[ "$persons" =~ ^[0-9]+$ ]] && echo $((persons * 1400))
    return 0
  fi
  [[ "$command" == score || "$command" == validate ]] || return 0
  shift
  for arg in "$@"; do
    case "$previous" in
      --input) input="$arg" ;;
      --config) config="$arg" ;;
    esac
    case "$arg" in
      --input=*) input="${arg#--input=}" ;;
      --config=*) config="${arg#--config=}" ;;
    esac
    previous="$arg"
  done
  if [[ -z "$input" && -f "$config" ]]; then
    input="$(awk '/^inputs:/ { inside = 1; next } /^[^ #]/ { inside = 0 }
      inside && $1 == "root:" { print $2; exit }' "$config")"
  fi
  if [[ -n "$input" && -d "$input" ]]; then
    # -L: an input whose folders are symbolic links is measured by what they point at.
    du -sbL "$input" 2>/dev/null | cut -f1
  fi
}
