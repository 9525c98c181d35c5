#!/usr/bin/env bash
# Records the prime of RecordPrime.java with JDK Flight Recorder and draws its chunk events:
#
#   docs/jfr/plot.sh     # writes docs/auto-prime.png; the recording and data go to target/jfr-prime/
#
# Needs: the core built (./mvnw -B -q compile), a JDK 21+ (java, jfr), python3 and gnuplot.
# MAVEN_REPO points at the local Maven repository (default ~/.m2/repository) for slf4j and jspecify.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
repo=${MAVEN_REPO:-$HOME/.m2/repository}
out=$root/target/jfr-prime
mkdir -p "$out"
cp="$root/target/classes:$repo/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:$repo/org/jspecify/jspecify/1.0.1/jspecify-1.0.1.jar"
rm -f "$out/prime.jfr"
java -XX:StartFlightRecording:filename="$out/prime.jfr",settings=default -cp "$cp" \
  "$here/RecordPrime.java"
jfr print --json --events zensols.multi.Chunk,zensols.multi.Prime "$out/prime.jfr" > "$out/events.json"
python3 "$here/chunks.py" "$out/events.json" > "$out/chunks.dat"
gnuplot -e "data='$out/chunks.dat'; png='$root/docs/auto-prime.png'" "$here/chunks.gp"
echo "wrote docs/auto-prime.png from $(grep -vc '^#' "$out/chunks.dat") chunk events"
