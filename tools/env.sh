# Sourced by ./cnnx and ./run-tests: selects a JDK (21 or newer) and Maven, or fails with a clear message.

# The JDK's release file names its version without starting a JVM (each `java -version` costs ~40 ms at every launch).
cnnx_java_major() {
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  echo "$v"
}

cnnx_pick_jdk() {
  local candidates=() home major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(cnnx_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "cnnx: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
    echo "      Install one (e.g. Temurin 21+ or openjdk-21-jdk) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's bundled guava touches sun.misc.Unsafe; JDK 24+ warns about it on every build.
  if [ "$best_major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# The OpenCL driver's compiler (LLVM, inside PoCL) replaces the JVM's handlers for SIGSEGV and other signals the JVM
# uses itself (safepoints, suspension); a JVM that then takes its own signal can die with no error report. The JDK's
# libjsig chains them instead: the JVM's handlers stay, and the driver's are called for signals the JVM does not own.
# For the commands that start a JVM running models (the launcher, spark-submit), not for every process.
cnnx_chain_signals() {
  local jsig="$JAVA_HOME/lib/libjsig.so"
  [ -f "$jsig" ] || return 0
  case ":${LD_PRELOAD:-}:" in *":$jsig:"*) return 0 ;; esac
  export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
}

cnnx_need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "cnnx: installing Maven..." >&2
    apt-get update -qq >&2 && apt-get install -y -qq maven >&2 && return 0
  fi
  echo "cnnx: Maven (mvn) is required; install it (apt-get install maven)." >&2
  return 1
}

cnnx_pick_jdk && cnnx_need_maven
