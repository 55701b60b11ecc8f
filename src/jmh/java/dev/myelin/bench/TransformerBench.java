package dev.myelin.bench;

import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5 through JMH: the training step of {@link TransformerSteps} (which the command line's {@code bench}
 * times too). Two-second iterations: a step takes tens of milliseconds.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class TransformerBench {
    @Param("2")
    public int threads;

    private TransformerSteps steps;

    @Setup(Level.Trial)
    public void setUp() {
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        steps = new TransformerSteps();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        steps.close();
    }

    @Benchmark
    public float trainingStep() {
        return steps.trainingStep();
    }
}
