# Sourced by the launchers. The JVM flags Chronicle Queue needs on JDK 17+, and the switches that keep it from
# phoning home: a backup agent on a database host must never contact a third party. Keep in step with the
# <chronicle.jvm.flags> property of pom.xml (LauncherFlagsTest). docker/Dockerfile runs bin/pitr-agent, so the
# image uses this list too (DockerFilesTest).
PITR_CHRONICLE_FLAGS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
  -Dchronicle.announcer.disable=true
  -Dchronicle.disk.monitor.disable=true
)

# pitr_jar MODULE JAR: prints the path of a shaded jar, building it first when it is missing.
pitr_jar() {
  local root module jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  module="$1"
  jar="$root/$module/target/$2"
  if [ ! -f "$jar" ]; then
    echo "building $2 (first run; needs JDK 17 and Maven)..." >&2
    if ! (cd "$root" && mvn -B -q -DskipTests package -pl "$module" -am >&2); then
      echo "error[INTERNAL]: building $2 failed" >&2
      echo "HINT: run 'mvn -B -DskipTests package' in $root and read its output" >&2
      exit 1
    fi
  fi
  printf '%s\n' "$jar"
}
