package dev.myelin.bench;

import dev.myelin.backend.blas.Blas;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * W7 and W8: {@code C = A * B} with {@code n x n x n} float32 matrices through {@link Blas#sgemm}
 * (the checked entry point every Myelin op goes through); A and B drawn from N(0,1), kept for the
 * whole run in a shared scope, like a model's parameters.
 */
public final class SgemmStep implements BenchStep {
    /** W7's size: 1024 x 1024 x 1024. */
    public static final int LARGE = 1024;
    /** W8's size: 32 x 32 x 32. */
    public static final int SMALL = 32;

    private final int n;
    private final Scope memory;
    private final MemorySegment a;
    private final MemorySegment b;
    private final MemorySegment c;

    public SgemmStep(int n) {
        this.n = n;
        this.memory = Scope.shared("sgemm " + n);
        this.a = memory.adopt(Tensor.randn(1, n, n)).data();
        this.b = memory.adopt(Tensor.randn(2, n, n)).data();
        this.c = memory.adopt(Tensor.zeros(n, n)).data();
    }

    /** Floating-point operations of one call: 2 n^3. */
    public static double flops(int n) {
        return 2.0 * n * n * n;
    }

    @Override
    public float run() {
        Blas.sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
        return 0f;
    }

    @Override
    public void close() {
        memory.close();
    }
}
