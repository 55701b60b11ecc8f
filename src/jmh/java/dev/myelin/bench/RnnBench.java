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
 * W3 ({@link #lstmStep}) and W4 ({@link #gruStep}) through JMH: the training steps of {@link RnnSteps}.
 *
 * <p>The warm-up is long because a step is slow for the JIT: at ~100 steps a second, the methods a
 * step calls a few times reach C2's thresholds only after some thousands of steps, and until then
 * every C2 compilation takes one of the two cores from oneDNN's threads in the middle of an RNN
 * primitive (a 20-30 ms stall; with 5 s of warm-up that added ~1.3 ms to the measured W3 step).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class RnnBench {
    @Param("2")
    public int threads;

    private RnnSteps lstm;
    private RnnSteps gru;

    @Setup(Level.Trial)
    public void setUp() {
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        lstm = RnnSteps.lstm();
        gru = RnnSteps.gru();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lstm.close();
        gru.close();
    }

    @Benchmark
    public float lstmStep() {
        return lstm.trainingStep();
    }

    @Benchmark
    public float gruStep() {
        return gru.trainingStep();
    }
}
