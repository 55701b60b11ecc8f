package dev.myelin.bench;

import dev.myelin.backend.blas.Blas;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import dev.myelin.ffi.openblas.OpenBlas;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
 * W8, small SGEMM call rate: {@code C = A * B} with 32 x 32 x 32 float32 matrices, repeated, on
 * memory allocated once per trial. {@link #blas} is the workload (the checked {@link Blas#sgemm}
 * every Myelin op goes through); the other methods take layers away one at a time to show where
 * the Java-side cost per call is, and run only when named (W8.jextract, ... in {@link BenchMain}):
 * <ul>
 *   <li>{@link #jextract}: the generated {@code OpenBlas.cblas_sgemm} wrapper, without Myelin's checks;</li>
 *   <li>{@link #critical}: a downcall handle linked with {@code Linker.Option.critical(false)}
 *       (no Java-to-native thread-state transition), segments as arguments;</li>
 *   <li>{@link #addresses}: a plain downcall handle taking raw addresses ({@code long}), so no
 *       memory-session acquire/release around the call;</li>
 *   <li>{@link #criticalAddresses}: both.</li>
 * </ul>
 * and {@link #memory} (W8.gc, W8.confined) changes who owns the matrices, which decides what the
 * session acquire/release around each call costs.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1) // BenchMain passes --enable-native-access; plain JMH forks inherit the host JVM's flags
public class SmallGemmBench {
    public static final int SIZE = 32;

    static {
        NativeLibraries.ensureLoaded(); // before the handles below look up cblas_sgemm
    }

    private static final int ROW_MAJOR = OpenBlas.CblasRowMajor();
    private static final int NO_TRANS = OpenBlas.CblasNoTrans();

    private static final FunctionDescriptor SGEMM = OpenBlas.cblas_sgemm$descriptor();
    private static final FunctionDescriptor SGEMM_ADDRESSES = FunctionDescriptor.ofVoid(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
    private static final MethodHandle CRITICAL = Linker.nativeLinker().downcallHandle(
            OpenBlas.cblas_sgemm$address(), SGEMM, Linker.Option.critical(false));
    private static final MethodHandle ADDRESSES = Linker.nativeLinker().downcallHandle(
            OpenBlas.cblas_sgemm$address(), SGEMM_ADDRESSES);
    private static final MethodHandle CRITICAL_ADDRESSES = Linker.nativeLinker().downcallHandle(
            OpenBlas.cblas_sgemm$address(), SGEMM_ADDRESSES, Linker.Option.critical(false));

    /** Native thread count (OpenBLAS and OpenMP); the machine's 2 cores by default. */
    @Param("2")
    public int threads;

    /**
     * Who owns the matrices: {@code shared}, a {@link Scope#shared} scope like a model's parameters
     * (the segments' session is acquired and released with an atomic compare-and-set around each
     * native call); {@code confined}, a {@link Scope#open} scope like a step's activations (a plain
     * counter); or {@code gc}, tensors created outside any scope (an automatic arena: nothing to do).
     */
    @Param("shared")
    public String memory;

    private Scope scope;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private long aAddress;
    private long bAddress;
    private long cAddress;
    /** The tensors behind the raw addresses stay reachable for the whole trial. */
    private Tensor[] keepAlive;

    @Setup(Level.Trial)
    public void setup() {
        // Load first: ThreadSettings.setThreads as the very first Myelin call hits a class-init cycle
        // (ThreadSettings$Calls -> ensureLoaded -> applyAfterLoad -> setThreads -> Calls still null).
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        // JMH runs trial setup, the iterations and teardown of this single-threaded benchmark on
        // one worker thread, so a confined scope opened here stays usable (and closable) there.
        scope = switch (memory) {
            case "shared" -> Scope.shared("W8");
            case "confined" -> Scope.open("W8");
            case "gc" -> null;
            default -> throw new IllegalArgumentException("memory must be shared, confined or gc, got '" + memory + "'");
        };
        Tensor ta = Tensor.randn(1, SIZE, SIZE);
        Tensor tb = Tensor.randn(2, SIZE, SIZE);
        Tensor tc = Tensor.zeros(SIZE, SIZE);
        if (memory.equals("shared")) {
            scope.adopt(ta);
            scope.adopt(tb);
            scope.adopt(tc);
        }
        a = ta.data();
        b = tb.data();
        c = tc.data();
        aAddress = a.address();
        bAddress = b.address();
        cAddress = c.address();
        keepAlive = new Tensor[] {ta, tb, tc};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scope != null) {
            scope.close();
        }
        keepAlive = null;
    }

    /** W8: Myelin's checked entry point. */
    @Benchmark
    public void blas() {
        Blas.sgemm(false, false, SIZE, SIZE, SIZE, 1f, a, SIZE, b, SIZE, 0f, c, SIZE);
    }

    @Benchmark
    public void jextract() {
        OpenBlas.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, SIZE, SIZE, SIZE, 1f, a, SIZE, b, SIZE, 0f, c, SIZE);
    }

    @Benchmark
    public void critical() throws Throwable {
        CRITICAL.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, SIZE, SIZE, SIZE, 1f, a, SIZE, b, SIZE, 0f, c, SIZE);
    }

    @Benchmark
    public void addresses() throws Throwable {
        ADDRESSES.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, SIZE, SIZE, SIZE, 1f, aAddress, SIZE, bAddress, SIZE, 0f,
                cAddress, SIZE);
    }

    @Benchmark
    public void criticalAddresses() throws Throwable {
        CRITICAL_ADDRESSES.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, SIZE, SIZE, SIZE, 1f, aAddress, SIZE, bAddress,
                SIZE, 0f, cAddress, SIZE);
    }
}
