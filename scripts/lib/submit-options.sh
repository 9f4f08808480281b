#!/usr/bin/env bash
# Sourced by scripts/submit (and run through it by LauncherSubmitTest); reads the spark-submit
# options it passes on and refuses, with exit 2 and what, why and how to fix it, the ones that
# would fail late or lose the job's exit code: a master URL spark-submit cannot take, cluster
# deploy mode on a standalone master, a driver memory that is no heap size.

# Sets submit_master, submit_deploy_mode and submit_driver_memory from the spark-submit options
# "$@" (--opt VALUE, --opt=VALUE and --conf/-c KEY=VALUE; empty when not given; the last wins).
read_submit_options() {
  submit_master="" submit_deploy_mode="" submit_driver_memory=""
  local opt value
  while [[ $# -gt 0 ]]; do
    opt="$1"
    value=""
    case "$opt" in
      --master | --deploy-mode | --driver-memory | --conf | -c)
        value="${2:-}"
        shift
        ;;
      --master=* | --deploy-mode=* | --driver-memory=* | --conf=*)
        value="${opt#*=}"
        opt="${opt%%=*}"
        ;;
    esac
    shift
    case "$opt" in
      --master) submit_master="$value" ;;
      --deploy-mode) submit_deploy_mode="$value" ;;
      --driver-memory) submit_driver_memory="$value" ;;
      --conf | -c)
        case "$value" in
          spark.master=*) submit_master="${value#*=}" ;;
          spark.submit.deployMode=*) submit_deploy_mode="${value#*=}" ;;
          spark.driver.memory=*) submit_driver_memory="${value#*=}" ;;
        esac
        ;;
    esac
  done
}

submit_refuse() {
  printf '%s\n' "submit: $1" "  why: $2" "  fix: $3" >&2
  exit 2
}

# Exits 2 unless the master (when given) is one spark-submit takes: yarn, local..., k8s://... or
# spark://HOST:PORT[,HOST:PORT...]. SparkSubmit itself exited 1 on any other ("Master must either
# be yarn or start with spark, k8s, or local") before credence started.
require_master_url() {
  local master="$1" hostport ok=1
  case "$master" in
    "" | yarn | local | local\[* | local-cluster\[* | k8s://?*) return 0 ;;
    spark://?*)
      local IFS=,
      for hostport in ${master#spark://}; do
        [[ "$hostport" =~ ^[^:/]+:[0-9]+$ ]] || ok=0
      done
      ((ok)) && return 0
      ;;
  esac
  submit_refuse "--master '$master' is not a Spark master URL" \
    "spark-submit takes yarn, local[*] or local[N], k8s://https://HOST:PORT, or spark://HOST:PORT for a standalone cluster (each master's HOST:PORT when there are several)" \
    "pass one of those; a standalone master's port is in its log (\"Starting Spark master at spark://...\"; 7077 by default, not its web UI's)"
}

# Exits 2 for cluster deploy mode on a standalone master: spark-submit then returns as soon as the
# master accepts the driver, so the job's exit code never reaches the caller (a failed driver
# still exits 0, even with spark.standalone.submit.waitAppCompletion=true), and relative paths
# resolve in a worker's scratch folder.
require_client_mode_on_standalone() {
  local master="$1" mode="$2"
  [[ "$mode" == cluster && "$master" == spark://* ]] || return 0
  submit_refuse "--deploy-mode cluster on the standalone master $master is not supported" \
    "a standalone master runs the driver on a worker and spark-submit returns before the job ends: the job's exit code (0-4, which schedules act on) never reaches the caller, even with spark.standalone.submit.waitAppCompletion=true, and a relative --warehouse lands in the worker's scratch folder" \
    "leave --deploy-mode out (or pass --deploy-mode client): the driver runs where scripts/submit runs, the executors on the cluster; keep inputs and warehouse on storage every node reads"
}

# Prints the -Xmx value for the driver JVM scripts/submit starts itself (no spark-submit
# installed): spark-submit's --driver-memory (or --conf spark.driver.memory) when given, in Spark's
# form (2g, 2gb, 512m; a bare number is megabytes, as in Spark), else $2 (CREDENCE_DRIVER_MEMORY or its default). Exits 2 for a value java
# cannot take or under 512m.
driver_heap() {
  local given="$1" fallback="$2" heap
  [[ -z "$given" ]] && {
    echo "$fallback"
    return 0
  }
  heap="${given%[bB]}"
  if [[ ! "$heap" =~ ^[1-9][0-9]*[kKmMgGtT]?$ || "$heap" != "$given" && ! "$heap" =~ [kKmMgGtT]$ ]]; then
    submit_refuse "--driver-memory '$given' is not a memory size" \
      "the driver runs in the JVM scripts/submit starts, with it as java's -Xmx" \
      "give it like 2g or 1024m"
  fi
  [[ "$heap" =~ [0-9]$ ]] && heap="${heap}m"
  if (($(heap_megabytes "$heap") < 512)); then
    submit_refuse "--driver-memory '$given' is under the 512m the driver needs" \
      "Spark refuses a driver heap under 450 MB (it keeps 300 MB of it for itself)" \
      "give --driver-memory 1g or more (4g is ample)"
  fi
  echo "$heap"
}
