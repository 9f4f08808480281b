# Row-for-row checks of Delta tables, read with Delta Kernel by one small JVM without Spark
# (io.credence.reliability.TableChecks, a test class). Shared by scripts/cluster-test and
# scripts/crash-test; source it (it only defines functions). Every check can fail:
#
#   table_checks_build                         # builds the job jar and the test classes when stale
#   checks=()                                  # the checks so far, one line each
#   check_same_rows NAME LEFT RIGHT [DROP]     # LEFT and RIGHT hold the same rows, duplicates
#                                              # counted, and at least one; columns DROP aside
#                                              # (default run_id; "" compares every column)
#   check_empty_or_same NAME LEFT RIGHT [DROP] # LEFT is empty or holds RIGHT's rows; RIGHT has rows
#   check_same_as_one NAME LEFT A B [DROP]     # LEFT has rows and holds exactly A's rows or B's
#   check_readable NAME RELATION               # every row and column reads, and there is a row
#   check_empty NAME RELATION                  # RELATION has no row
#   run_checks OUT                             # runs them; 0 when every check passes
#
# LEFT, RIGHT, A, B and RELATION are Delta tables: an absolute path or s3a:// URI, optionally
# followed by ?COLUMN=VALUE to keep the rows whose COLUMN reads VALUE (a date as yyyy-MM-dd). DROP
# lists columns, comma-separated. Each row is compared as the text of its columns (names
# included), each side as the multiset of its rows. A table is read once however many checks name
# it: the same checks as one Spark SQL query (each row an xxhash64, each side a sorted array of
# them) took 90 s for the crash test's 176, most of it Delta's snapshot and file filtering per
# table reference while planning. OUT gets one line per check: name | left_rows | right_rows |
# passed | only_left | only_right (the last two count distinct rows found on one side only; -1
# when a table could not be read, which fails the check). JVM properties spark.hadoop.* in
# JDK_JAVA_OPTIONS reach the checks' Hadoop configuration (the cluster test's S3A settings).

table_checks_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
checks=()

table_checks_build() {
  timeout 600 "$table_checks_root/scripts/credence" --version >&2
  if [[ ! -d "$table_checks_root/target/test-classes" ]] || [[ -n "$(find \
    "$table_checks_root/src" "$table_checks_root/pom.xml" \
    -newer "$table_checks_root/target/test-classes" -print -quit)" ]]; then
    timeout 600 mvn -B -q -f "$table_checks_root/pom.xml" -Dspotless.check.skip=true \
      test-compile >&2
    touch "$table_checks_root/target/test-classes"
  fi
}

# One check: KIND NAME DROP RELATION..., tab-separated (TableChecks' SPEC line).
_check() {
  local IFS=$'\t'
  checks+=("$*")
}

check_same_rows() { _check same_rows "$1" "${4-run_id}" "$2" "$3"; }
check_empty_or_same() { _check empty_or_same "$1" "${4-run_id}" "$2" "$3"; }
# right_rows, only_left and only_right are taken against B when LEFT equals B, else against A.
check_same_as_one() { _check same_as_one "$1" "${5-run_id}" "$2" "$3" "$4"; }
check_readable() { _check readable "$1" "" "$2"; }
check_empty() { _check empty "$1" "" "$2"; }

# Runs the checks (built by table_checks_build); appends their rows to $1 and prints the failed
# ones to stderr; the JVM's log is $1.log.
run_checks() {
  local out="$1" root="$table_checks_root"
  : >"$out"
  printf '%s\n' "${checks[@]}" >"$out.spec"
  # shellcheck disable=SC2046
  timeout 900 java -Xmx2g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Duser.timezone=UTC \
    -Dlog4j2.configurationFile="$root/scripts/log4j2.properties" \
    -cp "$root/target/test-classes:$root/target/credence.jar:$(cat "$root/target/lookup-classpath.txt")" \
    io.credence.reliability.TableChecks "$out.spec" >>"$out" 2>"$out.log" || {
    tail -20 "$out.log" >&2
    echo "table-checks: the checks did not run; log: $out.log" >&2
    return 1
  }
  grep '^table-checks:' "$out.log" >&2 || true
  awk -F'|' -v want="${#checks[@]}" '
    NF == 6 {
      for (i = 1; i <= 6; i++) gsub(/^ +| +$/, "", $i)
      rows++
      if ($4 != "true") { bad++; print "FAILED: " $0 > "/dev/stderr" }
    }
    END {
      if (rows != want) print "only " rows " of " want " checks reported" > "/dev/stderr"
      exit !(rows == want && bad == 0)
    }' "$out"
}
