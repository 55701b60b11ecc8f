#!/usr/bin/env sh
# Prints the home of a JDK 22 or newer: $JAVA_HOME if it qualifies, else the `java` on PATH,
# else the newest under /usr/lib/jvm, /usr/java or /opt. Exits 1 with a hint when none is found.
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
ok() { [ -x "$1/bin/javac" ] && v=$(major "$1") && [ -n "$v" ] && [ "$v" -ge 22 ] 2>/dev/null; }
if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
if command -v javac >/dev/null 2>&1; then
  h=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if ok "$h"; then echo "$h"; exit 0; fi
fi
best=""; bestv=0
for h in /usr/lib/jvm/* /usr/java/* /opt/*jdk* /opt/java/*; do
  [ -d "$h" ] || continue
  if ok "$h"; then v=$(major "$h"); [ "$v" -gt "$bestv" ] && best=$h && bestv=$v; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi
echo "No JDK 22 or newer found (checked JAVA_HOME, PATH, /usr/lib/jvm, /usr/java, /opt). Install one, e.g. 'apt-get install openjdk-25-jdk', or set JAVA_HOME." >&2
exit 1
