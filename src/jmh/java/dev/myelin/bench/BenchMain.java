package dev.myelin.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmark workloads of WORKLOADS.md through JMH and prints one line per workload on
 * standard output, e.g. {@code W7 median=331.20 unit=gflops}: the median of the measurement
 * iterations, converted to the workload's unit; at the end the table workload / median / unit
 * ({@link BenchResult#table}, the same as {@code java -jar myelin.jar bench} prints), and with
 * {@code --out FILE} the result lines into FILE ({@code make bench-compare} reads it). Everything else
 * (progress, JMH's own report with {@code --verbose}, errors) goes to standard error.
 *
 * <pre>
 * BenchMain [W7,W8,...] [--threads N] [--warmup N] [--iterations N] [--prof NAME] [--jvm-arg ARG]
 *           [--out FILE] [--verbose] [--list]
 * </pre>
 * Without a workload list it runs every workload in {@link #WORKLOADS} except the diagnostic
 * ones (ids with a dot, like {@code W8.critical}), which run only when named. {@code make bench}
 * and {@code make bench W=W7} call this.
 *
 * <p>Adding a workload is one line in {@link #WORKLOADS}: its id, the JMH benchmark class and
 * method, and how to turn the benchmark's time per operation into the reported figure (use an
 * {@code AverageTime} benchmark for per-step times, {@code Throughput} for call rates; any JMH time
 * unit works, the conversion always receives seconds per operation). When the benchmark's step lives
 * in {@code dev.myelin.bench} (src/main), one more line in {@code Workloads.ALL} lets the runnable
 * jar's {@code bench} time it too.
 */
public final class BenchMain {

    /** One workload: which JMH benchmark measures it and how its figure is reported. */
    record Workload(String id, Class<?> benchmark, String method, BenchUnit unit, Map<String, String> params) {

        /** Median time per op -> GFLOP/s, for a benchmark doing {@code flops} per op. */
        static Workload gflops(String id, Class<?> benchmark, String method, double flops) {
            return new Workload(id, benchmark, method, BenchUnit.gflops(flops), Map.of());
        }

        static Workload callsPerSecond(String id, Class<?> benchmark, String method) {
            return new Workload(id, benchmark, method, BenchUnit.CALLS_PER_S, Map.of());
        }

        /** For training steps (milliseconds per step). */
        static Workload millisPerOp(String id, Class<?> benchmark, String method) {
            return new Workload(id, benchmark, method, BenchUnit.MS, Map.of());
        }

        /** For inference latency (microseconds per call). */
        static Workload microsPerOp(String id, Class<?> benchmark, String method) {
            return new Workload(id, benchmark, method, BenchUnit.US, Map.of());
        }

        /** The same workload with a JMH @Param fixed (e.g. memory=gc). */
        Workload with(String param, String value) {
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put(param, value);
            return new Workload(id, benchmark, method, unit, Map.copyOf(p));
        }

        /** Diagnostic variants (an id with a dot) run only when named. */
        boolean diagnostic() {
            return id.contains(".");
        }

        String include() {
            return "^" + Pattern.quote(benchmark.getName() + "." + method) + "$";
        }
    }

    /** Every workload, in run order. W3 and W4 go here as they get benchmarks. */
    static final List<Workload> WORKLOADS = List.of(
            Workload.millisPerOp("W1", MlpBench.class, "trainingStep"),
            Workload.millisPerOp("W2", CnnBench.class, "trainingStep"),
            Workload.millisPerOp("W3", RnnBench.class, "lstmStep"),
            Workload.millisPerOp("W4", RnnBench.class, "gruStep"),
            Workload.millisPerOp("W5", TransformerBench.class, "trainingStep"),
            Workload.microsPerOp("W6", MlpBench.class, "inference"),
            Workload.gflops("W7", GemmBench.class, "sgemm", GemmBench.FLOPS),
            Workload.callsPerSecond("W8", SmallGemmBench.class, "blas"),
            // Where W8's per-call time goes: each takes one layer away (see SmallGemmBench).
            Workload.callsPerSecond("W8.gc", SmallGemmBench.class, "blas").with("memory", "gc"),
            Workload.callsPerSecond("W8.confined", SmallGemmBench.class, "blas").with("memory", "confined"),
            Workload.callsPerSecond("W8.jextract", SmallGemmBench.class, "jextract"),
            Workload.callsPerSecond("W8.critical", SmallGemmBench.class, "critical"),
            Workload.callsPerSecond("W8.addresses", SmallGemmBench.class, "addresses"),
            Workload.callsPerSecond("W8.criticalAddresses", SmallGemmBench.class, "criticalAddresses"),
            // Single layer calls next to native/bench/layer_bench.c (make bench-layers).
            Workload.millisPerOp("L2.conv_fwd", LayerBench.class, "convForward"),
            Workload.millisPerOp("L2.conv_bwd_data", LayerBench.class, "convBackwardData"),
            Workload.millisPerOp("L2.conv_bwd_weights", LayerBench.class, "convBackwardWeights"),
            Workload.millisPerOp("L3.lstm_fwd", LayerBench.class, "lstmForward"),
            Workload.millisPerOp("L3.lstm_bwd", LayerBench.class, "lstmBackward"));

    private BenchMain() {}

    public static void main(String[] args) {
        String list = null;
        String threads = null;
        Integer warmup = null;
        Integer iterations = null;
        boolean verbose = false;
        List<String> profilers = new ArrayList<>();
        List<String> extraJvmArgs = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-v", "--verbose" -> verbose = true;
                case "--threads" -> threads = value(args, ++i, arg);
                case "--warmup" -> warmup = count(value(args, ++i, arg), arg);
                case "--iterations" -> iterations = count(value(args, ++i, arg), arg);
                case "--prof" -> profilers.add(value(args, ++i, arg));
                case "--jvm-arg" -> extraJvmArgs.add(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--list" -> {
                    WORKLOADS.forEach(w -> System.out.println(w.id() + " " + w.benchmark().getSimpleName() + "."
                            + w.method() + (w.params().isEmpty() ? "" : " " + w.params()) + " unit=" + w.unit().name()
                            + (w.diagnostic() ? " (diagnostic: runs only when named)" : "")));
                    return;
                }
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    if (arg.startsWith("-") || list != null) {
                        System.err.println("BenchMain: unexpected argument '" + arg + "'");
                        usage(System.err);
                        System.exit(2);
                    }
                    list = arg;
                }
            }
        }

        List<Workload> selected = select(list);
        List<BenchResult> results = new ArrayList<>();
        boolean failed = false;
        for (Workload w : selected) {
            failed |= !run(w, threads, warmup, iterations, profilers, extraJvmArgs, verbose, results);
        }
        System.out.println();
        System.out.print(BenchResult.table(results));
        if (out != null) {
            write(out, results);
        }
        System.exit(failed ? 1 : 0);
    }

    /** The result lines, one per workload, for {@code make bench-compare}. */
    private static void write(Path out, List<BenchResult> results) {
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.write(out, results.stream().map(BenchResult::line).toList());
            System.err.println("[bench] results written to " + out);
        } catch (IOException e) {
            System.err.println("BenchMain: cannot write " + out + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("BenchMain: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static int count(String s, String flag) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("BenchMain: " + flag + " needs a positive integer, got '" + s + "'");
        System.exit(2);
        return 0;
    }

    private static void usage(PrintStream out) {
        out.println("usage: BenchMain [W7,W8,...] [--threads N] [--warmup N] [--iterations N] [--prof gc] [--jvm-arg ARG] [--out FILE] [--verbose] [--list]");
        out.println("  no list: every non-diagnostic workload; --verbose: JMH's own output on stderr;"
                + " --prof: a JMH profiler (gc, stack, perfasm, ...; its report needs --verbose);"
                + " --jvm-arg: one more flag for the forked benchmark JVM (repeatable);"
                + " --out: also write the result lines to FILE");
    }

    /** The named workloads (comma-separated, any case), or all non-diagnostic ones for null/blank. */
    static List<Workload> select(String list) {
        if (list == null || list.isBlank()) {
            return WORKLOADS.stream().filter(w -> !w.diagnostic()).toList();
        }
        List<Workload> out = new ArrayList<>();
        for (String id : list.split(",")) {
            id = id.strip();
            if (id.isEmpty()) {
                continue;
            }
            String want = id;
            Workload w = WORKLOADS.stream().filter(x -> x.id().equalsIgnoreCase(want)).findFirst().orElse(null);
            if (w == null) {
                System.err.println("BenchMain: unknown workload '" + id + "'; known: "
                        + String.join(",", WORKLOADS.stream().map(Workload::id).toList()));
                System.exit(2);
            }
            out.add(w);
        }
        return out;
    }

    /** Runs one workload in its own forked JVM and prints its line; false (with the reason on stderr) on failure. */
    static boolean run(Workload w, String threads, Integer warmup, Integer iterations, List<String> profilers,
                       List<String> extraJvmArgs, boolean verbose, List<BenchResult> results) {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(w.include())
                .forks(1)
                .jvmArgs(forkJvmArgs(extraJvmArgs).toArray(String[]::new))
                .shouldFailOnError(true);
        if (threads != null) {
            opts.param("threads", threads);
        }
        w.params().forEach(opts::param);
        if (warmup != null) {
            opts.warmupIterations(warmup);
        }
        if (iterations != null) {
            opts.measurementIterations(iterations);
        }
        profilers.forEach(opts::addProfiler);

        // JMH's report goes to stderr with --verbose; otherwise it is kept and shown only on failure.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream jmhOut = verbose ? System.err : new PrintStream(captured, true, StandardCharsets.UTF_8);
        OutputFormat format = OutputFormatFactory.createFormatInstance(jmhOut, VerboseMode.NORMAL);
        System.err.println("[bench] " + w.id() + ": " + w.benchmark().getSimpleName() + "." + w.method()
                + (w.params().isEmpty() ? "" : " " + w.params()));
        try {
            Collection<RunResult> runs = new Runner(opts.build(), format).run();
            if (runs.isEmpty()) {
                throw new IllegalStateException("JMH returned no result");
            }
            for (RunResult r : runs) {
                BenchResult result = result(w, r, runs.size() > 1);
                results.add(result);
                System.out.println(result.line());
            }
            System.out.flush();
            return true;
        } catch (Exception e) {
            jmhOut.flush();
            if (!verbose) {
                System.err.print(captured.toString(StandardCharsets.UTF_8));
            }
            System.err.println("[bench] " + w.id() + " FAILED: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                System.err.println("  caused by: " + c);
            }
            return false;
        }
    }

    /** The forked benchmark JVM: native access, any -Dmyelin.* / -Xm* settings given to this JVM, and --jvm-arg ones. */
    static List<String> forkJvmArgs(List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // JMH 1.37 uses Unsafe; silences its JDK 24+ warning
        }
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Dmyelin.") || a.startsWith("-Xmx") || a.startsWith("-Xms")) {
                args.add(a);
            }
        }
        args.addAll(extra);
        return args;
    }

    /** W7 median=331.20 unit=gflops from the median of the measurement iteration scores (with the JMH params when several runs). */
    static BenchResult result(Workload w, RunResult r, boolean withParams) {
        List<Double> scores = new ArrayList<>();
        String scoreUnit = null;
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                scores.add(ir.getPrimaryResult().getScore());
                scoreUnit = ir.getPrimaryResult().getScoreUnit();
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalStateException("no measurement iterations for " + w.id());
        }
        double median = median(scores);
        double min = scores.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        if (max - min > 0.10 * median) {
            System.err.printf(Locale.ROOT, "[bench] %s: iterations range from %.4g to %.4g %s (median %.4g): the machine"
                    + " looks busy; compare several runs%n", w.id(), min, max, scoreUnit, median);
        }
        StringBuilder id = new StringBuilder(w.id());
        if (withParams) {
            for (String key : r.getParams().getParamsKeys()) {
                id.append('[').append(key).append('=').append(r.getParams().getParam(key)).append(']');
            }
        }
        return new BenchResult(id.toString(), w.unit().format(secondsPerOp(median, scoreUnit)), w.unit().name());
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** A JMH score in "ms/op", "us/op", "ops/s", "ops/ms", ... as seconds per operation. */
    static double secondsPerOp(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length == 2 && parts[1].equals("op")) {
            return score * seconds(parts[0], unit);
        }
        if (parts.length == 2 && parts[0].equals("ops")) {
            return seconds(parts[1], unit) / score;
        }
        throw new IllegalArgumentException("unsupported JMH score unit '" + unit + "' (use AverageTime or Throughput)");
    }

    private static double seconds(String timeUnit, String unit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr" -> 3600;
            case "day" -> 86400;
            default -> throw new IllegalArgumentException("unsupported time unit in JMH score unit '" + unit + "'");
        };
    }
}
