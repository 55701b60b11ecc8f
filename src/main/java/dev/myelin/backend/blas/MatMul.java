package dev.myelin.backend.blas;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@code matmul} with PyTorch's semantics (1-D operands, broadcast batch dimensions) on
 * {@link Blas#sgemm}. Transposed operands are passed to BLAS as transposes through their strides,
 * so {@code a.matmul(b.t())} copies nothing.
 */
public final class MatMul {
    private MatMul() {}

    /** How BLAS can read a strided 2-D operand without a copy, or null when it can't. */
    record Layout(boolean trans, int ld) {
        static Layout of(int rows, int cols, long rowStride, long colStride) {
            if ((cols <= 1 || colStride == 1) && (rows <= 1 || rowStride >= Math.max(1, cols))) {
                return fits(rows <= 1 ? Math.max(1, cols) : rowStride, false);
            }
            if ((rows <= 1 || rowStride == 1) && (cols <= 1 || colStride >= Math.max(1, rows))) {
                return fits(cols <= 1 ? Math.max(1, rows) : colStride, true);
            }
            return null;
        }

        private static Layout fits(long ld, boolean trans) {
            return ld <= Integer.MAX_VALUE ? new Layout(trans, (int) ld) : null;
        }
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        check(a, b);
        a = a.detach(); // a kernel: views taken here must not record for autograd
        b = b.detach();
        boolean vecA = a.dim() == 1;
        boolean vecB = b.dim() == 1;
        Tensor a2 = vecA ? a.unsqueeze(0) : a;
        Tensor b2 = vecB ? b.unsqueeze(1) : b;
        int m = a2.size(-2);
        int k = a2.size(-1);
        int n = b2.size(-1);
        int[] batch = Shapes.broadcast("matmul (batch dimensions)", batchShape(a2), batchShape(b2));
        Tensor out = product(a2, b2, batch, m, k, n);
        if (vecA) {
            out = out.squeeze(-2);
        }
        if (vecB) {
            out = out.squeeze(-1);
        }
        return out;
    }

    /** Throws naming both shapes unless a x b is a valid matrix product. */
    public static void check(Tensor a, Tensor b) {
        if (a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("matmul: expected float32 operands, got " + a.dtype() + " "
                    + Shapes.str(a.shape()) + " x " + b.dtype() + " " + Shapes.str(b.shape()));
        }
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least one dimension, got "
                    + Shapes.str(a.shape()) + " x " + Shapes.str(b.shape()));
        }
        int k = a.size(-1);
        int kb = b.dim() == 1 ? b.size(0) : b.size(-2);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(a.shape()) + " x "
                    + Shapes.str(b.shape()) + " (" + k + " vs " + kb + ")");
        }
    }

    private static int[] batchShape(Tensor t) {
        return Arrays.copyOf(t.shape(), t.dim() - 2);
    }

    private static Tensor product(Tensor a, Tensor b, int[] batch, int m, int k, int n) {
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        if (k == 0) {
            return Tensor.zeros(outShape);
        }
        Tensor out = Tensor.empty(outShape);
        if (out.numel() == 0) {
            return out;
        }
        // A batch of rows times one matrix is a single GEMM over all rows (Linear on [batch, seq, features]).
        if (b.dim() == 2 && a.dim() > 2) {
            Tensor rows = flatRows(a, k);
            if (rows != null) {
                gemm(rows, b, out.view(-1, n));
                return out;
            }
        }
        int[] shapeA = Arrays.copyOf(batch, batch.length + 2);
        shapeA[batch.length] = m;
        shapeA[batch.length + 1] = k;
        int[] shapeB = Arrays.copyOf(batch, batch.length + 2);
        shapeB[batch.length] = k;
        shapeB[batch.length + 1] = n;
        Tensor ea = a.expand(shapeA);
        Tensor eb = b.expand(shapeB);
        long count = Shapes.numel(batch);
        Tensor fa = ea.reshape(-1, m, k);
        Tensor fb = eb.reshape(-1, k, n);
        Tensor fo = out.view(-1, m, n);
        for (int i = 0; i < count; i++) {
            gemm(fa.select(0, i), fb.select(0, i), fo.select(0, i));
        }
        return out;
    }

    /** {@code a} viewed as [rows, k] without copying, or null. */
    private static Tensor flatRows(Tensor a, int k) {
        try {
            return a.view(-1, k);
        } catch (IllegalArgumentException notViewable) {
            return null;
        }
    }

    /** out[m, n] = a[m, k] x b[k, n] for 2-D views; copies an operand only if BLAS cannot read its strides. */
    static void gemm(Tensor a, Tensor b, Tensor out) {
        Layout la = layout(a);
        if (la == null) {
            a = a.copy();
            la = layout(a);
        }
        Layout lb = layout(b);
        if (lb == null) {
            b = b.copy();
            lb = layout(b);
        }
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        MemorySegment c = out.data();
        Blas.sgemm(la.trans(), lb.trans(), m, n, k, 1f, a.data(), la.ld(), b.data(), lb.ld(), 0f, c,
                Math.max(1, (int) out.stride(0)));
    }

    private static Layout layout(Tensor t) {
        return Layout.of(t.size(0), t.size(1), t.stride(0), t.stride(1));
    }
}
