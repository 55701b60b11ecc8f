package dev.myelin.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * One thread count for both native pools: OpenBLAS's own threads and the OpenMP pool oneDNN runs
 * on. Set with {@code -Dmyelin.threads=N} or {@code MYELIN_NUM_THREADS=N} (default: the available
 * cores), or at run time with {@link #setThreads}.
 *
 * <p>Both libraries read their settings from the environment when they load, so the defaults go
 * into the C environment first. Idle OpenBLAS threads spin for up to 2^28 cycles by default and
 * OpenMP threads spin too; with two pools on the same cores that spinning steals the cores from the
 * other pool, so unless the user chose otherwise both are told to stop spinning soon
 * ({@code OPENBLAS_THREAD_TIMEOUT}, {@code GOMP_SPINCOUNT}).
 */
public final class ThreadSettings {
    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    private ThreadSettings() {}

    static void applyBeforeLoad() {
        String s = NativeLibraries.setting("myelin.threads", "MYELIN_NUM_THREADS", null);
        if (s != null) {
            threads = parse(s);
        }
        LibC.setenv("OPENBLAS_NUM_THREADS", Integer.toString(threads), true);
        LibC.setenv("OMP_NUM_THREADS", Integer.toString(threads), true);
        LibC.setenv("OPENBLAS_THREAD_TIMEOUT", "16", false);
        LibC.setenv("GOMP_SPINCOUNT", "20000", false);
    }

    static void applyAfterLoad() {
        setThreads(threads);
    }

    private static int parse(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("myelin.threads / MYELIN_NUM_THREADS must be a positive integer, got '" + s + "'");
    }

    /** The thread count both native pools use. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the thread count of OpenBLAS (process-wide) and of OpenMP for the calling thread and
     * every thread that later runs a oneDNN primitive through Myelin.
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: thread count must be >= 1, got " + n);
        }
        NativeLibraries.ensureLoaded(); // the first Myelin call may be this one
        threads = n;
        Calls.OPENBLAS_SET.ifPresent(h -> invoke(h, n));
        Calls.OMP_SET.ifPresent(h -> invoke(h, n));
    }

    /** The calling thread's OpenMP thread count (omp_get_max_threads), or -1 without an OpenMP runtime. */
    public static int openMpThreads() {
        if (Calls.OMP_GET.isEmpty()) {
            return -1;
        }
        try {
            return (int) Calls.OMP_GET.get().invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Makes the calling thread's OpenMP thread count match {@link #threads()}; cheap when it already does. */
    public static void syncOpenMp() {
        int current = openMpThreads();
        if (current != -1 && current != threads) {
            invoke(Calls.OMP_SET.get(), threads);
        }
    }

    private static void invoke(MethodHandle h, int n) {
        try {
            h.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Looked up lazily, after the libraries are loaded; absent when a library lacks the call (e.g. MKL). */
    private static final class Calls {
        static final Optional<MethodHandle> OPENBLAS_SET = find("openblas_set_num_threads",
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        static final Optional<MethodHandle> OMP_SET = find("omp_set_num_threads", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        static final Optional<MethodHandle> OMP_GET = find("omp_get_max_threads", FunctionDescriptor.of(ValueLayout.JAVA_INT));

        private static Optional<MethodHandle> find(String name, FunctionDescriptor fd) {
            NativeLibraries.ensureLoaded();
            Optional<MemorySegment> sym = SymbolLookup.loaderLookup().find(name);
            return sym.map(s -> Linker.nativeLinker().downcallHandle(s, fd));
        }
    }
}
