package dev.myelin.ops;

import dev.myelin.backend.blas.MatMul;
import dev.myelin.backend.dnnl.DnnlMatMul;
import dev.myelin.tensor.Tensor;

/**
 * Chooses the engine for a tensor matrix product. oneDNN's matmul primitive is used wherever it
 * applies: on this project's reference machine it is faster than OpenBLAS at the sizes networks use
 * (128x256x256: 51 us against 78 us), and it runs on the same OpenMP pool as every other oneDNN
 * primitive, whereas alternating OpenBLAS's own threads with oneDNN's made a GEMM followed by a
 * ReLU take 250 us instead of 85. OpenBLAS ({@link MatMul}) serves the rest: broadcast batches of
 * rank above 3, expanded (stride-0) operands, and small products (under 2^18 multiply-adds, such
 * as batch-1 inference), which OpenBLAS runs on the calling thread alone and oneDNN's per-call
 * overhead would dominate. {@code -Dmyelin.matmul=openblas} forces OpenBLAS.
 */
final class MatMulDispatch {
    private static final boolean ONEDNN = !"openblas".equals(System.getProperty("myelin.matmul"));
    private static final long SMALL = 1L << 18;

    private MatMulDispatch() {}

    /** a x b for operands of rank 2 or more (already checked by the caller). */
    static Tensor matmul(Tensor a, Tensor b) {
        if (oneDnnTakes(a, b)) {
            if (a.dim() == 2 && b.dim() == 2) {
                return DnnlMatMul.matmul(a, b);
            }
            if (a.dim() > 2 && b.dim() == 2) { // rows of a batch times one matrix: one 2-D product
                Tensor rows = rowsOf(a);
                if (rows != null) {
                    int[] shape = a.shape();
                    shape[shape.length - 1] = b.size(1);
                    return DnnlMatMul.matmul(rows, b).view(shape);
                }
            }
            if (a.dim() == 3 && b.dim() == 3 && (b.size(0) == a.size(0) || b.size(0) == 1)) {
                return DnnlMatMul.matmul(a, b);
            }
        }
        return MatMul.matmul(a, b);
    }

    /**
     * {@code a x b + bias} for 2-D operands and a bias {@code [n]} when oneDNN takes the product (the
     * bias then goes inside the primitive); null otherwise, for the caller to add it.
     */
    static Tensor matmulBias(Tensor a, Tensor b, Tensor bias) {
        return a.dim() == 2 && b.dim() == 2 && oneDnnTakes(a, b) ? DnnlMatMul.matmulBias(a, b, bias) : null;
    }

    /** oneDNN unless forced off, for plain operands and products of at least {@link #SMALL} multiply-adds. */
    private static boolean oneDnnTakes(Tensor a, Tensor b) {
        return ONEDNN && plain(a) && plain(b) && a.size(-1) > 0 && a.numel() / a.size(-1) * a.size(-1) * b.size(-1) >= SMALL;
    }

    /** Non-empty and not expanded: oneDNN takes any other strides. */
    private static boolean plain(Tensor t) {
        return t.numel() > 0 && !t.isExpanded();
    }

    private static Tensor rowsOf(Tensor a) {
        try {
            return a.detach().view(-1, a.size(-1));
        } catch (IllegalArgumentException notViewable) {
            return null;
        }
    }
}
