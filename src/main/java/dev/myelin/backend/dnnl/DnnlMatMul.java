package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Matrix product through oneDNN's matmul primitive: the alternative GEMM path to OpenBLAS.
 * 2-D [m, k] x [k, n], or 3-D [b, m, k] x [b or 1, k, n]; operands may be transposed views.
 */
public final class DnnlMatMul {
    private DnnlMatMul() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        check(a, b);
        Tensor out = Tensor.empty(outShape(a, b));
        PrimitiveKey key = PrimitiveKey.of("matmul").add(a).add(b).build();
        PrimitiveCache.run(key, () -> create(key, a, b, null, out), a, b, out);
        return out;
    }

    /**
     * {@code a x b + bias} for 2-D operands, the bias {@code [n]} added to every row inside the
     * primitive (a separate pass over the product cost as much as a small GEMM).
     */
    public static Tensor matmulBias(Tensor a, Tensor b, Tensor bias) {
        check(a, b);
        if (a.dim() != 2 || bias.dim() != 1 || bias.size(0) != b.size(1) || bias.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("dnnl matmul: bias " + Shapes.str(bias.shape()) + " (" + bias.dtype()
                    + ") does not fit " + Shapes.str(a.shape()) + " x " + Shapes.str(b.shape()) + "; expected 2-D operands and a float32 ["
                    + b.size(1) + "] bias");
        }
        Tensor row = bias.detach().contiguous().view(1, bias.size(0));
        Tensor out = Tensor.empty(outShape(a, b));
        PrimitiveKey key = PrimitiveKey.of("matmul_bias").add(a).add(b).build();
        PrimitiveCache.run(key, () -> create(key, a, b, row, out), a, b, row, out);
        return out;
    }

    private static int[] outShape(Tensor a, Tensor b) {
        int[] shape = a.shape();
        shape[shape.length - 1] = b.size(-1);
        return shape;
    }

    private static void check(Tensor a, Tensor b) {
        String shapes = Shapes.str(a.shape()) + " x " + Shapes.str(b.shape());
        if (a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("dnnl matmul: expected float32 operands, got " + a.dtype() + " x " + b.dtype());
        }
        if (a.dim() != b.dim() || a.dim() < 2 || a.dim() > 3) {
            throw new IllegalArgumentException("dnnl matmul: expected two 2-D or two 3-D operands, got " + shapes);
        }
        if (a.size(-1) != b.size(-2)) {
            throw new IllegalArgumentException("dnnl matmul: inner dimensions differ: " + shapes);
        }
        if (a.dim() == 3 && b.size(0) != a.size(0) && b.size(0) != 1) {
            throw new IllegalArgumentException("dnnl matmul: batch of " + b.size(0) + " cannot pair with " + a.size(0) + ": " + shapes);
        }
        for (Tensor t : new Tensor[] {a, b}) {
            if (t.numel() == 0 || t.isExpanded()) {
                throw new IllegalArgumentException("dnnl matmul: operands must be non-empty and not expanded, got " + shapes);
            }
        }
    }

    private static Primitive create(PrimitiveKey key, Tensor a, Tensor b, Tensor bias, Tensor out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = OneDnn.memoryDesc(a, arena);
            MemorySegment weights = OneDnn.memoryDesc(b, arena);
            MemorySegment biasDesc = bias == null ? MemorySegment.NULL : OneDnn.memoryDesc(bias, arena);
            MemorySegment dst = OneDnn.memoryDesc(out, arena);
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            try {
                OneDnn.check(Dnnl.dnnl_matmul_primitive_desc_create(pd, OneDnn.engine(), src, weights, biasDesc, dst,
                        MemorySegment.NULL), "dnnl matmul " + Shapes.str(a.shape()) + " x " + Shapes.str(b.shape()));
            } finally {
                Dnnl.dnnl_memory_desc_destroy(src);
                Dnnl.dnnl_memory_desc_destroy(weights);
                if (bias != null) {
                    Dnnl.dnnl_memory_desc_destroy(biasDesc);
                }
                Dnnl.dnnl_memory_desc_destroy(dst);
            }
            int[] args = bias == null
                    ? new int[] {Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_WEIGHTS(), Dnnl.DNNL_ARG_DST()}
                    : new int[] {Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_WEIGHTS(), Dnnl.DNNL_ARG_BIAS(), Dnnl.DNNL_ARG_DST()};
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), args);
        }
    }
}
