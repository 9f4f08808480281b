# Row-for-row checks of Delta tables, run as one Spark SQL query by the `sql` command. Shared by
# scripts/cluster-test and scripts/crash-test; source it (it only defines functions). Every check
# can fail:
#
#   checks=()                                  # the checks so far, one SELECT each
#   check_same_rows NAME LEFT RIGHT [DROP]     # LEFT and RIGHT hold the same rows, duplicates
#                                              # counted, and at least one; columns DROP aside
#                                              # (default run_id; "" compares every column)
#   check_empty_or_same NAME LEFT RIGHT [DROP] # LEFT is empty or holds RIGHT's rows; RIGHT has rows
#   check_same_as_one NAME LEFT A B [DROP]     # LEFT has rows and holds exactly A's rows or B's
#   check_readable NAME RELATION               # every row and column reads, and there is a row
#   check_empty NAME RELATION                  # RELATION has no row
#   run_checks OUT WAREHOUSE                   # runs them; 0 when every check passes
#
# LEFT, RIGHT, A, B and RELATION are SQL relations: delta.`/absolute/path/to/table` (Delta wants an
# absolute path there) or a parenthesised SELECT. Each row becomes a 64-bit hash (xxhash64 over its
# columns) and each side the sorted array of its hashes, so equal arrays mean the same multiset of
# rows. OUT gets one line per check: name | left_rows | right_rows | passed | only_left |
# only_right (the last two count distinct rows found on one side only).

table_checks_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
checks=()

# The sorted row hashes of relation $1 without the columns $2.
_row_hashes() {
  local rel="$1" drop="$2" cols="*"
  [[ -n "$drop" ]] && cols="* EXCEPT ($drop)"
  echo "(SELECT sort_array(collect_list(h)) AS h FROM (SELECT xxhash64(*) AS h FROM (SELECT $cols FROM $rel)))"
}

check_same_rows() {
  local name="$1" left="$2" right="$3" drop="${4-run_id}"
  checks+=("SELECT '$name' AS name, size(l.h) AS left_rows, size(r.h) AS right_rows,
  l.h = r.h AND size(l.h) > 0 AS passed, size(array_except(l.h, r.h)) AS only_left,
  size(array_except(r.h, l.h)) AS only_right
FROM $(_row_hashes "$left" "$drop") l CROSS JOIN $(_row_hashes "$right" "$drop") r")
}

check_empty_or_same() {
  local name="$1" left="$2" right="$3" drop="${4-run_id}"
  checks+=("SELECT '$name' AS name, size(l.h) AS left_rows, size(r.h) AS right_rows,
  (size(l.h) = 0 OR l.h = r.h) AND size(r.h) > 0 AS passed,
  size(array_except(l.h, r.h)) AS only_left,
  CASE WHEN size(l.h) = 0 THEN 0 ELSE size(array_except(r.h, l.h)) END AS only_right
FROM $(_row_hashes "$left" "$drop") l CROSS JOIN $(_row_hashes "$right" "$drop") r")
}

# right_rows, only_left and only_right are taken against B when LEFT equals B, else against A.
check_same_as_one() {
  local name="$1" left="$2" a="$3" b="$4" drop="${5-run_id}"
  local m="CASE WHEN l.h = b.h THEN b.h ELSE a.h END"
  checks+=("SELECT '$name' AS name, size(l.h) AS left_rows, size($m) AS right_rows,
  size(l.h) > 0 AND (l.h = a.h OR l.h = b.h) AS passed, size(array_except(l.h, $m)) AS only_left,
  size(array_except($m, l.h)) AS only_right
FROM $(_row_hashes "$left" "$drop") l CROSS JOIN $(_row_hashes "$a" "$drop") a
  CROSS JOIN $(_row_hashes "$b" "$drop") b")
}

check_readable() {
  checks+=("SELECT '$1' AS name, count(h) AS left_rows, count(h) AS right_rows,
  count(h) > 0 AS passed, 0 AS only_left, 0 AS only_right FROM (SELECT xxhash64(*) AS h FROM $2)")
}

check_empty() {
  checks+=("SELECT '$1' AS name, count(*) AS left_rows, 0 AS right_rows, count(*) = 0 AS passed,
  count(*) AS only_left, 0 AS only_right FROM $2")
}

# Runs the checks with scripts/submit on local[2], registering warehouse $2 (the `sql` command
# wants one with tables), in batches of at most ~100 KB of SQL (one argument may
# hold 128 KB); appends their rows to $1 and prints the failed ones to stderr. Adaptive execution
# is off: it planned the crash test's union of 176 checks again after each of its hundreds of
# small stages (111 s for the query against 90 s without, measured 2026-12-03), for tables too
# small to gain anything from it.
run_checks() {
  local out="$1" warehouse="$2" query="" batch=0 check
  : >"$out"
  for check in "${checks[@]}"; do
    if [[ -n "$query" ]] && ((${#query} + ${#check} > 100000)); then
      batch=$((batch + 1))
      _run_query "$out" "$warehouse" "$query" "$out.$batch.log" || return 1
      query=""
    fi
    query+="${query:+ UNION ALL }$check"
  done
  batch=$((batch + 1))
  _run_query "$out" "$warehouse" "$query" "$out.$batch.log" || return 1
  awk -F'|' -v want="${#checks[@]}" '
    NF == 6 && $1 !~ /^name / {
      for (i = 1; i <= 6; i++) gsub(/^ +| +$/, "", $i)
      rows++
      if ($4 != "true") { bad++; print "FAILED: " $0 > "/dev/stderr" }
    }
    END {
      if (rows != want) print "only " rows " of " want " checks reported" > "/dev/stderr"
      exit !(rows == want && bad == 0)
    }' "$out"
}

_run_query() {
  local out="$1" warehouse="$2" query="$3" log="$4"
  timeout 900 "$table_checks_root/scripts/submit" --master 'local[2]' \
    --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=2 \
    --conf spark.databricks.delta.snapshotPartitions=2 --conf spark.sql.adaptive.enabled=false \
    -- sql --warehouse "$warehouse" --limit 100000 "$query" >>"$out" 2>"$log" || {
    tail -20 "$log" >&2
    echo "table-checks: the check query failed; log: $log" >&2
    return 1
  }
}
