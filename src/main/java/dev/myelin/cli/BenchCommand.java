package dev.myelin.cli;

import dev.myelin.bench.BenchResult;
import dev.myelin.bench.BenchStep;
import dev.myelin.bench.MedianTimer;
import dev.myelin.bench.Workloads;
import dev.myelin.bench.Workloads.Workload;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench [--workloads W1,W7] ...}: times the benchmark workloads without JMH (which the runnable
 * jar does not contain): each step of {@link Workloads} after a warm-up, the median over whole-step
 * iterations; prints progress on stderr and the table (workload, median, unit) of {@code make bench} on stdout.
 */
final class BenchCommand {
    static final String NAME = "bench";

    private BenchCommand() {}

    static Options options() {
        return new Options()
                .option("workloads", "W1,W2,...", Workloads.ids(), "the workloads of WORKLOADS.md to run, comma-separated")
                .option("threads", "N", "2", "native threads (OpenBLAS and oneDNN)")
                .option("warmup", "SECONDS", "3", "warm-up time per workload")
                .option("iterations", "N", "10", "timed iterations per workload; the median is reported")
                .option("iteration-time", "SECONDS", "1", "minimum length of one iteration (whole steps)");
    }

    static String usage() {
        return "usage: java -jar myelin.jar bench [options]\n\n"
                + "Times the benchmark workloads (the step code of `make bench`, without JMH) and prints the median per\n"
                + "workload as a table on stdout: ms per training step, us per inference call, GFLOP/s, calls per second.\n"
                + "`make bench` (JMH, forked JVMs) gives the reference figures.\n\n"
                + "options:\n" + options().help();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Options o = options().parse(args);
        List<Workload> selected = select(o.string("workloads"));
        int threads = o.positiveInt("threads");
        double warmup = o.number("warmup", 0, 3600);
        int iterations = o.positiveInt("iterations");
        double iterationTime = o.number("iteration-time", Double.MIN_VALUE, 3600);

        NativeLibraries.ensureLoaded(); // before setThreads (see ThreadSettings)
        ThreadSettings.setThreads(threads);
        List<BenchResult> results = new ArrayList<>();
        for (Workload w : selected) {
            err.printf(Locale.ROOT, "[bench] %s: %.3g s warm-up, %d iterations of >= %.3g s%n", w.id(), warmup, iterations, iterationTime);
            try (BenchStep step = w.step().get()) {
                double seconds = MedianTimer.secondsPerOp(step, warmup, iterations, iterationTime);
                results.add(new BenchResult(w.id(), w.unit().format(seconds), w.unit().name()));
            }
        }
        out.print(BenchResult.table(results));
        out.flush();
        return 0;
    }

    /** The named workloads, in the order given. */
    static List<Workload> select(String list) throws UsageException {
        List<Workload> out = new ArrayList<>();
        for (String id : list.split(",")) {
            Workload w = Workloads.find(id.strip());
            if (w == null) {
                throw new UsageException("unknown workload '" + id.strip() + "'; known: " + Workloads.ids());
            }
            out.add(w);
        }
        return out;
    }
}
