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
 * W7, SGEMM throughput: {@code C = A * B} with 1024 x 1024 x 1024 float32 matrices through
 * {@link SgemmStep} (Blas.sgemm); A and B drawn from N(0,1). Reports the average time per call;
 * {@link BenchMain} turns the median iteration into GFLOP/s = 2*M*N*K / time. The plain-C
 * reference is {@code native/bench/gemm_bench.c} ({@code make bench-gemm}).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1) // BenchMain passes --enable-native-access; plain JMH forks inherit the host JVM's flags
public class GemmBench {
    public static final int M = SgemmStep.LARGE;
    /** Floating-point operations of one call. */
    public static final double FLOPS = SgemmStep.flops(M);

    /** Native thread count (OpenBLAS and OpenMP); the machine's 2 cores by default. */
    @Param("2")
    public int threads;

    private SgemmStep step;

    @Setup(Level.Trial)
    public void setup() {
        // Load first: ThreadSettings.setThreads as the very first Myelin call hits a class-init cycle
        // (ThreadSettings$Calls -> ensureLoaded -> applyAfterLoad -> setThreads -> Calls still null).
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        step = new SgemmStep(M);
    }

    @Benchmark
    public float sgemm() {
        return step.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }
}
