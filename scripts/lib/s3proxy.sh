# S3Proxy (an S3-compatible server, target/s3proxy/s3proxy.jar, which `mvn process-test-classes`
# copies from Maven) for the scripts that run credence against an object store. Source it, then:
#   s3proxy_start DIR      starts it on a free port of 127.0.0.1 with its buckets under DIR/buckets,
#                          sets s3proxy_pid and s3proxy_endpoint, and exports the test identity as
#                          AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (S3A's provider chain reads them)
#   s3proxy_bucket NAME    creates a bucket
#   s3proxy_stop           stops the process it started (call it from an EXIT trap)
#   s3proxy_spark_options  prints -D options that give a JVM's Spark the S3A settings
s3proxy_pid=
s3proxy_endpoint=
s3proxy_dir=

s3proxy_start() {
  local root jar port
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar="$root/target/s3proxy/s3proxy.jar"
  if [[ ! -f "$jar" ]]; then
    echo "s3proxy: fetching S3Proxy (mvn process-test-classes)" >&2
    timeout 600 mvn -B -q -f "$root/pom.xml" -DskipTests -Dspotless.check.skip=true \
      process-test-classes >&2
  fi
  s3proxy_dir="$1"
  mkdir -p "$s3proxy_dir/buckets"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  s3proxy_endpoint="http://127.0.0.1:$port"
  cat >"$s3proxy_dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=$s3proxy_endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=credence-test
s3proxy.credential=credence-test-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$s3proxy_dir/buckets
PROPS
  # The quick C1 compiler and the serial collector: a test's store lives a minute or two, too short
  # for C2's compilations to pay for themselves (ObjectStoreTest: 92 s against 99-101 s).
  java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" --properties "$s3proxy_dir/s3proxy.properties" \
    >"$s3proxy_dir/s3proxy.log" 2>&1 &
  s3proxy_pid=$!
  local _
  for _ in $(seq 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export AWS_ACCESS_KEY_ID=credence-test AWS_SECRET_ACCESS_KEY=credence-test-secret
      return 0
    fi
    if ! kill -0 "$s3proxy_pid" 2>/dev/null; then
      echo "s3proxy: exited; log: $s3proxy_dir/s3proxy.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "s3proxy: not listening on $s3proxy_endpoint after 60 s" >&2
  return 1
}

s3proxy_bucket() {
  mkdir -p "$s3proxy_dir/buckets/$1"
}

s3proxy_spark_options() {
  echo "-Dspark.hadoop.fs.s3a.endpoint=$s3proxy_endpoint" \
    "-Dspark.hadoop.fs.s3a.path.style.access=true -Dspark.hadoop.fs.s3a.endpoint.region=us-east-1"
}

s3proxy_stop() {
  if [[ -n "$s3proxy_pid" ]]; then
    kill -TERM "$s3proxy_pid" 2>/dev/null || true
    wait "$s3proxy_pid" 2>/dev/null || true
    s3proxy_pid=
  fi
}
