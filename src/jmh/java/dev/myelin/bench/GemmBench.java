package dev.myelin.bench;

import dev.myelin.backend.blas.Blas;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
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
 * {@link Blas#sgemm}; A and B drawn from N(0,1). Reports the average time per call;
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
    public static final int M = 1024;
    public static final int N = 1024;
    public static final int K = 1024;
    /** Floating-point operations of one call. */
    public static final double FLOPS = 2.0 * M * N * K;

    /** Native thread count (OpenBLAS and OpenMP); the machine's 2 cores by default. */
    @Param("2")
    public int threads;

    private Scope memory;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;

    @Setup(Level.Trial)
    public void setup() {
        // Load first: ThreadSettings.setThreads as the very first Myelin call hits a class-init cycle
        // (ThreadSettings$Calls -> ensureLoaded -> applyAfterLoad -> setThreads -> Calls still null).
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        // Kept alive for the whole trial in a shared scope, like a model's parameters.
        memory = Scope.shared("W7");
        a = memory.adopt(Tensor.randn(1, M, K)).data();
        b = memory.adopt(Tensor.randn(2, K, N)).data();
        c = memory.adopt(Tensor.zeros(M, N)).data();
    }

    @Benchmark
    public void sgemm() {
        Blas.sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }
}
