# Short commands for Myelin. Each finds a JDK 22+ by itself (see .mvn/find-jdk.sh).
SHELL := /bin/bash
JAVA_HOME := $(shell .mvn/find-jdk.sh)
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := ./mvnw -B -q
NATIVE := target/native
JAR := target/myelin-0.1.0-SNAPSHOT-all.jar
JEXTRACT ?= jextract
W ?= W7,W8

.PHONY: demo test bench bench-gemm jar bindings native-libs clean

demo: jar
	$(JAVA) --enable-native-access=ALL-UNNAMED -jar $(JAR) demo

test:
	$(MVN) verify

jar: $(JAR)

$(JAR): pom.xml $(shell find src/main bindings/java -type f 2>/dev/null)
	$(MVN) -DskipTests package

# Unpacks the pinned OpenBLAS and oneDNN shared libraries and headers (from the Maven artifacts)
# for the plain-C benchmark and for jextract.
native-libs: $(NATIVE)/.unpacked
$(NATIVE)/.unpacked: pom.xml
	$(MVN) dependency:copy-dependencies -DincludeGroupIds=org.bytedeco -DoutputDirectory=$(NATIVE)/jars
	rm -rf $(NATIVE)/lib $(NATIVE)/include $(NATIVE)/x && mkdir -p $(NATIVE)/lib $(NATIVE)/include $(NATIVE)/x
	for j in $(NATIVE)/jars/*.jar; do unzip -qo $$j 'org/bytedeco/*/linux-x86_64/*' -d $(NATIVE)/x; done
	cp -a $(NATIVE)/x/org/bytedeco/*/linux-x86_64/lib*.so.* $(NATIVE)/lib/
	cp -a $(NATIVE)/x/org/bytedeco/*/linux-x86_64/include/. $(NATIVE)/include/
	touch $@

bindings: native-libs
	JEXTRACT=$(JEXTRACT) NATIVE_INCLUDE=$(NATIVE)/include bindings/generate.sh

clean:
	$(MVN) clean
