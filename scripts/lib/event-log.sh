# The work a Spark application lost with one executor and did again, read from its event log.
# Sourced by scripts/cluster-test (it only defines a function):
#
#   lost_work EXECUTOR_ID EVENT_FILE...
#
# prints "lost N resubmitted N fetch_failed N stage_retries N":
#   lost           task attempts running on that executor when it died (ExecutorLostFailure);
#                  the scheduler runs them again elsewhere
#   resubmitted    finished shuffle-map tasks of that executor run again because their output died
#                  with it (task end reason Resubmitted)
#   fetch_failed   task attempts that failed fetching shuffle blocks from that executor
#   stage_retries  stage attempts after the first: a parent stage run again to recompute lost
#                  shuffle output
# EVENT_FILE... is the application's event log: one file, or the events_* files of a rolling log.
# Spark writes one JSON object per line (spark.eventLog.compress=false); the fields are matched as
# fixed strings, so no JSON tool is needed.
lost_work() {
  local id="$1"
  shift
  awk -v id="\"Executor ID\":\"$id\"" '
    /"Event":"SparkListenerTaskEnd"/ && index($0, id) {
      if (index($0, "\"Reason\":\"ExecutorLostFailure\"")) lost++
      if (index($0, "\"Reason\":\"Resubmitted\"")) resubmitted++
      if (index($0, "\"Reason\":\"FetchFailed\"")) fetch++
    }
    /"Event":"SparkListenerStageSubmitted"/ && /"Stage Attempt ID":[1-9]/ { retries++ }
    END {
      printf "lost %d resubmitted %d fetch_failed %d stage_retries %d\n", lost, resubmitted, fetch,
        retries
    }' "$@"
}
