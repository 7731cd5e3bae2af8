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

# pitr_jar MODULE JAR: prints the path of a shaded jar. In an installed distribution (binlog-pitr-VERSION.tar.gz)
# that is lib/JAR, and nothing is ever built. In a source tree it is MODULE/target/JAR, built first when missing.
pitr_jar() {
  local root module jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  module="$1"
  if [ -f "$root/lib/$2" ]; then
    printf '%s\n' "$root/lib/$2"
    return
  fi
  if [ ! -f "$root/pom.xml" ]; then
    echo "error[INTERNAL]: $root/lib/$2 is missing: this installation of binlog-pitr is incomplete" >&2
    echo "HINT: unpack binlog-pitr-VERSION.tar.gz again into an empty directory (docs/install.md)" >&2
    exit 1
  fi
  jar="$root/$module/target/$2"
  if [ ! -f "$jar" ]; then
    echo "building $2 (first run in a source tree; needs JDK 17 and Maven)..." >&2
    if ! (cd "$root" && mvn -B -q -DskipTests package -pl "$module" -am >&2); then
      echo "error[INTERNAL]: building $2 failed" >&2
      echo "HINT: run 'mvn -B -DskipTests package' in $root and read its output" >&2
      exit 1
    fi
  fi
  printf '%s\n' "$jar"
}

# pitr_java: prints the java to run (JAVA, else the first java on PATH), after checking it is Java 17 or later.
# Reads the JDK's 'release' file when there is one (no JVM started), else asks the JVM itself.
pitr_java() {
  local java path home version major
  java="${JAVA:-java}"
  if ! path="$(command -v "$java")"; then
    echo "error[USAGE]: no Java found (looked for '$java' on PATH): binlog-pitr needs Java 17 or later" >&2
    echo "HINT: install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), or set JAVA=/path/to/bin/java" >&2
    exit 2
  fi
  home="$(dirname "$(dirname "$(readlink -f "$path")")")"
  version=""
  if [ -f "$home/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")"
  fi
  if [ -z "$version" ]; then
    version="$("$path" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  fi
  major="${version%%.*}"
  if [ "$major" = "1" ]; then
    major="$(printf '%s' "$version" | cut -d. -f2)"
  fi
  if ! [ "$major" -ge 17 ] 2>/dev/null; then
    echo "error[USAGE]: $path is Java ${version:-of an unknown version}; binlog-pitr needs Java 17 or later" >&2
    echo "HINT: install a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), or set JAVA=/path/to/bin/java" >&2
    exit 2
  fi
  printf '%s\n' "$path"
}
