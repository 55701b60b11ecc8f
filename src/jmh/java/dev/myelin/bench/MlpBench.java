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

/** W1 and W6 through JMH: the steps of {@link MlpSteps} (which the command line's {@code bench} times too). */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class MlpBench {
    @Param("2")
    public int threads;

    private MlpSteps steps;

    @Setup(Level.Trial)
    public void setUp() {
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        steps = new MlpSteps();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        steps.close();
    }

    @Benchmark
    public float trainingStep() {
        return steps.trainingStep();
    }

    @Benchmark
    public float inference() {
        return steps.inference();
    }
}
