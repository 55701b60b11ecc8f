package dev.myelin.backend.blas;

import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.openblas.OpenBlas;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Typed, checked entry to the CBLAS calls Myelin uses. Every size is checked against the memory
 * it addresses before the call: BLAS would read or write out of bounds (and crash the JVM) where
 * we throw.
 */
public final class Blas {
    static {
        NativeLibraries.ensureLoaded();
    }

    private static long calls;

    /** Products up to this many multiply-adds use {@link #SGEMM_SHORT}: OpenBLAS runs them on the calling thread in microseconds. */
    private static final long SHORT_CALL = 64L * 64 * 64;

    /**
     * cblas_sgemm linked as a critical call (no Java-to-native thread-state transition, about 8 ns
     * a call; W8). Critical calls hold off safepoints until they return, so only short products use it.
     */
    private static final MethodHandle SGEMM_SHORT = Linker.nativeLinker().downcallHandle(
            OpenBlas.cblas_sgemm$address(), OpenBlas.cblas_sgemm$descriptor(), Linker.Option.critical(false));

    private Blas() {}

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C}, with op(A) of shape m x k, op(B) k x n and
     * C m x n. {@code lda}/{@code ldb}/{@code ldc} are the row strides (in elements) of the matrices
     * as stored: A is stored m x k, or k x m when {@code transA}.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, m, n, ldc);
        calls++;
        int ta = transA ? OpenBlas.CblasTrans() : OpenBlas.CblasNoTrans();
        int tb = transB ? OpenBlas.CblasTrans() : OpenBlas.CblasNoTrans();
        if ((long) m * n * k <= SHORT_CALL) {
            try {
                SGEMM_SHORT.invokeExact(OpenBlas.CblasRowMajor(), ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            } catch (Throwable t) {
                throw new IllegalStateException("cblas_sgemm failed", t);
            }
        } else {
            OpenBlas.cblas_sgemm(OpenBlas.CblasRowMajor(), ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /** {@code y += alpha * x} over {@code n} contiguous floats. */
    public static void saxpy(int n, float alpha, MemorySegment x, MemorySegment y) {
        long needed = (long) n * Float.BYTES;
        if (n < 0 || x.byteSize() < needed || y.byteSize() < needed) {
            throw new IllegalArgumentException("saxpy: n=" + n + " needs " + needed + " bytes; x has " + x.byteSize()
                    + ", y has " + y.byteSize());
        }
        calls++;
        OpenBlas.cblas_saxpy(n, alpha, x, 1, y, 1);
    }

    /** A stored rows x cols row-major matrix with row stride ld must fit in its segment. */
    private static void checkMatrix(String name, MemorySegment s, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: ld" + name.toLowerCase() + "=" + ld + " is below the row length "
                    + Math.max(1, cols) + " of " + name + " [" + rows + " x " + cols + "]");
        }
        long needed = rows == 0 || cols == 0 ? 0 : ((long) (rows - 1) * ld + cols) * Float.BYTES;
        if (s.byteSize() < needed) {
            throw new IllegalArgumentException("sgemm: " + name + " [" + rows + " x " + cols + ", ld " + ld + "] needs "
                    + needed + " bytes but its memory has " + s.byteSize());
        }
    }

    /** How many BLAS calls Myelin has made (not synchronised: exact on one thread, approximate across threads). */
    public static long calls() {
        return calls;
    }

    /** OpenBLAS's build description, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64". */
    public static String config() {
        return OpenBlas.openblas_get_config().getString(0);
    }

    /** The CPU kernel set OpenBLAS chose, e.g. "Zen". */
    public static String coreName() {
        return OpenBlas.openblas_get_corename().getString(0);
    }
}
