# Short commands for Myelin. Each finds a JDK 22+ by itself (see .mvn/find-jdk.sh).
SHELL := /bin/bash
JAVA_HOME := $(shell .mvn/find-jdk.sh)
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := ./mvnw -B -q
NATIVE := target/native
JAR := target/myelin-0.1.0-SNAPSHOT-all.jar
JEXTRACT ?= jextract
# Benchmarks: `make bench` runs every workload BenchMain knows (W ?= empty means all), `make bench W=W7,W8`
# only those; BENCH_THREADS native threads on both the Java and the C side; BENCH_ARGS go to BenchMain
# (e.g. BENCH_ARGS=--verbose for JMH's own report on stderr, or --iterations 5).
W ?=
BENCH_THREADS ?= 2
BENCH_ARGS ?=

.PHONY: demo fashion-mnist test bench bench-gemm bench-classes jar install example bench-layers bench-pytorch bench-compare bindings native-libs native-checksums clean

# Trains an MLP (Adam, dropout, early stopping) on Fashion-MNIST: Debian's dataset-fashion-mnist when
# installed, else the subset in the jar; ends with test_accuracy=<value> (>= 0.88 on the full set).
demo: jar fashion-mnist
	$(JAVA) --enable-native-access=ALL-UNNAMED -jar $(JAR) train --model mlp --dataset fashion-mnist --epochs 15

test:
	./mvnw -B -ntp verify
	$(CHECK_LIB_JAR)

# The full data set for the demo: Debian's dataset-fashion-mnist, installed when missing and possible.
FASHION_DIR := /usr/share/datasets/fashion-mnist
fashion-mnist:
	@if [ ! -d $(FASHION_DIR) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's dataset-fashion-mnist (the full data set)"; \
		{ apt-get install -y -qq dataset-fashion-mnist || { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist; }; } >/dev/null \
			|| echo "could not install it: the demo trains on the subset bundled in the jar"; \
	fi

jar: $(JAR)

$(JAR): pom.xml $(shell find src/main bindings/java -type f 2>/dev/null)
	$(MVN) -DskipTests package

# The library (no command line; OpenBLAS and oneDNN come as its org.bytedeco dependencies) in the local
# Maven repository as dev.myelin:myelin:0.1.0-SNAPSHOT, with the runnable jar as classifier `all`.
LIB_JAR := target/myelin-0.1.0-SNAPSHOT.jar
CHECK_LIB_JAR = @if $(JAVA_HOME)/bin/jar tf $(LIB_JAR) | grep -qE 'dev/myelin/(cli|bench)/'; then \
		echo "$(LIB_JAR) contains command-line or benchmark classes: see maven-jar-plugin in pom.xml" >&2; exit 1; fi
install:
	$(MVN) -DskipTests install
	$(CHECK_LIB_JAR)

# examples/fashion-mlp: a separate Maven project depending on the installed library; trains an MLP on the
# subset bundled in the library jar and prints test_accuracy=<value>.
example: install
	cd examples/fashion-mlp && ../../mvnw -B -q compile exec:exec

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

# Prints the pinned-library lines of src/main/resources/dev/myelin/ffi/linux-x86_64.natives
# for the artifacts in the pom (after a version change).
native-checksums: native-libs
	@cd $(NATIVE)/x && for f in openblas/linux-x86_64/libquadmath.so.0 openblas/linux-x86_64/libgfortran.so.5 \
		openblas/linux-x86_64/libopenblas.so.0 dnnl/linux-x86_64/libgomp.so.1 dnnl/linux-x86_64/libdnnl.so.3; do \
		c=$${f%%/*}; [ $$c = openblas ] && comp=blas || comp=dnnl; \
		echo "$$(basename $$f) $$comp org/bytedeco/$$f $$(sha256sum org/bytedeco/$$f | cut -d' ' -f1)"; done

bindings: native-libs
	JEXTRACT=$(JEXTRACT) NATIVE_INCLUDE=$(NATIVE)/include bindings/generate.sh

# ---- benchmarks (src/jmh/java, native/bench) ----
BENCH_CP_FILE := target/bench.classpath
BENCH_C := target/bench/gemm_bench
LAYER_C := target/bench/layer_bench
# JMH 1.37 uses sun.misc.Unsafe: allow it quietly on JDK 23+ (the flag does not exist on 22).
BENCH_JAVA = $(JAVA) --enable-native-access=ALL-UNNAMED $(shell v=$$($(JAVA) -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'); [ "$${v:-0}" -ge 23 ] && echo --sun-misc-unsafe-memory-access=allow) \
	-cp target/classes:target/test-classes:$$(cat $(BENCH_CP_FILE)) dev.myelin.bench.BenchMain
# The C run gets the environment the Java loader sets up (ThreadSettings.applyBeforeLoad): the thread
# count, and short spin timeouts unless the caller chose others.
BENCH_C_ENV = OPENBLAS_NUM_THREADS=$(BENCH_THREADS) OMP_NUM_THREADS=$(BENCH_THREADS) \
	OPENBLAS_THREAD_TIMEOUT=$${OPENBLAS_THREAD_TIMEOUT:-16} GOMP_SPINCOUNT=$${GOMP_SPINCOUNT:-20000}

# Compiles main + test + JMH sources (JMH's annotation processor generates the benchmark list) and
# writes the test-scope dependency class path.
bench-classes:
	$(MVN) -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=$(abspath $(BENCH_CP_FILE)) -Dmdep.includeScope=test

BENCH_OUT := target/bench/myelin.txt
PYTORCH_OUT := target/bench/pytorch.txt

# Prints the result line of each workload and then the table (workload, median, unit); keeps the lines
# in $(BENCH_OUT) for bench-compare.
bench: bench-classes
	$(BENCH_JAVA) $(W) --threads $(BENCH_THREADS) --out $(BENCH_OUT) $(BENCH_ARGS)

# The same workloads in PyTorch (Debian's python3-torch) on this machine, into $(PYTORCH_OUT).
bench-pytorch:
	@mkdir -p $(dir $(PYTORCH_OUT))
	/usr/bin/python3 src/jmh/python/pytorch_workloads.py $(W) | tee $(PYTORCH_OUT)

# Myelin next to PyTorch per workload, from the files `make bench` and `make bench-pytorch` wrote
# (each is run first when its file is missing).
bench-compare: $(if $(wildcard $(BENCH_OUT)),,bench) $(if $(wildcard $(PYTORCH_OUT)),,bench-pytorch)
	/usr/bin/python3 src/jmh/python/bench_ratio.py $(BENCH_OUT) $(PYTORCH_OUT)

$(BENCH_C): native/bench/gemm_bench.c $(NATIVE)/.unpacked
	@mkdir -p $(@D)
	gcc -O2 -std=c11 -Wall -Wextra -I$(NATIVE)/include -o $@ $< -L$(NATIVE)/lib -l:libopenblas.so.0 \
		-Wl,--disable-new-dtags,-rpath,$(abspath $(NATIVE)/lib) -lm

# W7 and W8 from Java (JMH) next to the same OpenBLAS called from C; ratio = java / c. The C program
# runs before and after the Java one and the faster of its two medians counts (load from other
# processes only ever slows a run down); when they disagree by more than 5% a warning says so.
bench-gemm: bench-classes $(BENCH_C)
	@set -eo pipefail; \
	c1=$$($(BENCH_C_ENV) $(BENCH_C) $(BENCH_THREADS) all); \
	j=$$($(BENCH_JAVA) W7,W8 --threads $(BENCH_THREADS) $(BENCH_ARGS)); \
	c2=$$($(BENCH_C_ENV) $(BENCH_C) $(BENCH_THREADS) all); \
	printf '%s\n%s\n%s\n' "$$c1" "$$c2" "$$j" | awk -F'[ =]' ' \
		function keep(k, v) { if (!(k in hi) || v > hi[k]) hi[k] = v; if (!(k in lo) || v < lo[k]) lo[k] = v } \
		$$2 == "c_gflops" || $$2 == "c_calls_per_s" { keep($$1, $$3 + 0) } \
		$$2 == "median" { java[$$1] = $$3 + 0 } \
		END { \
			if (!("W7" in hi) || !("W8" in hi) || !("W7" in java) || !("W8" in java)) { print "bench-gemm: missing results" > "/dev/stderr"; exit 1 } \
			for (k in hi) if (lo[k] < 0.95 * hi[k]) \
				printf "bench-gemm: %s: the two C runs differ (%g vs %g): the machine is busy, rerun to compare\n", k, lo[k], hi[k] > "/dev/stderr"; \
			printf "W7 java_gflops=%.2f c_gflops=%.2f ratio=%.3f\n", java["W7"], hi["W7"], java["W7"] / hi["W7"]; \
			printf "W8 java_calls_per_s=%.0f c_calls_per_s=%.0f ratio=%.3f\n", java["W8"], hi["W8"], java["W8"] / hi["W8"] }'

clean:
	$(MVN) clean

$(LAYER_C): native/bench/layer_bench.c $(NATIVE)/.unpacked
	@mkdir -p $(@D)
	gcc -O2 -std=c11 -Wall -Wextra -I$(NATIVE)/include -o $@ $< -L$(NATIVE)/lib -l:libdnnl.so.3 -l:libgomp.so.1 \
		-Wl,--disable-new-dtags,-rpath,$(abspath $(NATIVE)/lib) -lm

# Single layer calls: W2's second convolution (forward, backward data, backward weights) and W3's LSTM
# layer, called from C straight into oneDNN and from Java through Myelin; prints the medians in ms per
# call and java - c, Myelin's overhead per call. As in bench-gemm the C program runs before and after
# Java and its faster median counts. The LSTM has no Java counterpart yet (java = -).
LAYER_IDS := L2.conv_fwd,L2.conv_bwd_data,L2.conv_bwd_weights,L3.lstm_fwd,L3.lstm_bwd
bench-layers: bench-classes $(LAYER_C)
	@set -eo pipefail; \
	c1=$$($(BENCH_C_ENV) $(LAYER_C) $(BENCH_THREADS) all); \
	j=$$($(BENCH_JAVA) $(LAYER_IDS) --threads $(BENCH_THREADS) $(BENCH_ARGS)); \
	c2=$$($(BENCH_C_ENV) $(LAYER_C) $(BENCH_THREADS) all); \
	printf '%s\n%s\n%s\n' "$$c1" "$$c2" "$$j" | awk -F'[ =]' ' \
		$$2 == "c_ms" { v = $$3 + 0; if (!($$1 in c)) order[n++] = $$1; if (!($$1 in c) || v < c[$$1]) c[$$1] = v } \
		$$2 == "median" { java[$$1] = $$3 + 0 } \
		END { \
			printf "%-22s %10s %10s %12s\n", "layer", "c_ms", "java_ms", "java-c_ms"; \
			for (i = 0; i < n; i++) { k = order[i]; \
				if (k in java) printf "%-22s %10.3f %10.3f %12.3f\n", k, c[k], java[k], java[k] - c[k]; \
				else printf "%-22s %10.3f %10s %12s\n", k, c[k], "-", "-" } }'
