"""Airflow DAG for the credence nightly score.

Retries follow the exit-code contract (README, "Exit codes"):
  0  published                      -> success
  1  unexpected failure             -> retried (a lost executor, a full disk or a flaky store
                                       may pass on a second try; reruns are idempotent)
  2  bad input, config or contract  -> not retried: the same inputs fail the same way; a human
                                       must fix the data or the config
  3  quality gate blocked           -> not retried: the data would block again; review the runs
                                       table, then rerun with --force if the change is expected
  4  another run holds the warehouse -> retried after a wait: the other run will finish
  101 spark-submit found no main class or no application jar -> not retried: fix the deployment

A cluster that lost every worker, or an executor bigger than any worker, gives the run no
executor: after spark.executor_wait_minutes (job YAML, default 30) without one the run cancels its
Spark jobs, releases the warehouse lock and exits 1, which is retried. execution_timeout stays the
bound of each attempt (a normal run takes minutes) for anything else that hangs while the run holds
the lock, when every later run would exit 4. At the limit Airflow kills spark-submit (the driver,
in client mode); a retry on the same host takes the dead run's lock over at once, one on another
host once the lock's heartbeat has been silent for 10 minutes. Four attempts of 3 hours
with their waits end before the next night's run.
"""
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA17_FLAGS = open("/opt/credence/scripts/java17-flags").read().split()
JAVA_OPTS = " ".join(f for f in JAVA17_FLAGS if not f.startswith("#")) + " -Duser.timezone=UTC"

NOT_RETRIED = {
    2: "bad input or config",
    3: "quality gate blocked",
    101: "spark-submit found no main class or application jar",
}


class CredenceSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that stops retries for exit codes a retry cannot fix."""

    def execute(self, context):
        try:
            return super().execute(context)
        except Exception as error:  # spark-submit's exit code is in the message
            match = re.search(r"Error code is: (\d+)", str(error))
            code = int(match.group(1)) if match else None
            if code in NOT_RETRIED:
                raise AirflowFailException(f"credence exited {code} ({NOT_RETRIED[code]}); not retried") from error
            raise


with DAG(
    dag_id="credence_nightly_score",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,  # one writer per warehouse; the job also refuses a second run (exit 4)
    default_args={
        "retries": 3,
        "retry_delay": timedelta(minutes=15),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=3),
    },
    tags=["credence", "scoring"],
) as dag:
    CredenceSubmitOperator(
        task_id="score",
        application="/opt/credence/target/credence.jar",
        java_class="io.credence.cli.Main",
        conn_id="spark_default",
        application_args=["score", "--config", "/opt/credence/jobs/nightly-score.yaml", "--date", "{{ ds }}"],
        conf={
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.sql.session.timeZone": "UTC",
            "spark.driver.extraJavaOptions": JAVA_OPTS,
            "spark.executor.extraJavaOptions": JAVA_OPTS,
        },
    )
