package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@code dst = src} for float tensors of one shape in any strided layout oneDNN can describe (see
 * {@link #accepts}), as a cached oneDNN reorder: a transposing copy of a megabyte runs 5-40x faster
 * than an element loop in Java.
 */
public final class StridedCopy {
    private StridedCopy() {}

    /** oneDNN's DNNL_MAX_NDIMS. */
    private static final int MAX_RANK = 12;

    /**
     * Whether {@link #run} takes these tensors: float32, one shape of at most 12 dimensions, and on
     * both sides a layout oneDNN can describe: its dimensions, ordered by stride, nest (each stride
     * spans the ones below it), which rules out broadcasts, overlapping windows and the interleaved
     * strides of a stepped slice. Views of one storage are left to the caller's ordered loop: a
     * parallel reorder between overlapping ones has no defined result.
     */
    public static boolean accepts(Tensor dst, Tensor src) {
        return dst.dtype() == DType.FLOAT32 && src.dtype() == DType.FLOAT32 && dst.dim() <= MAX_RANK
                && Arrays.equals(dst.shape(), src.shape()) && dst.storage() != src.storage() && nested(dst) && nested(src);
    }

    public static void run(Tensor dst, Tensor src) {
        if (!accepts(dst, src)) {
            throw new IllegalArgumentException("strided copy: expected float32 tensors of one shape (at most 12 dimensions), in separate"
                    + " storage, with nesting strides (no broadcast, overlap or interleaving), got "
                    + src.dtype() + " " + Arrays.toString(src.shape()) + " strides " + Arrays.toString(src.strides()) + " into "
                    + dst.dtype() + " " + Arrays.toString(dst.shape()) + " strides " + Arrays.toString(dst.strides()));
        }
        PrimitiveKey key = PrimitiveKey.of("strided_copy").add(src).add(dst).build();
        PrimitiveCache.run(key, () -> create(key, src, dst), src, dst);
    }

    private static boolean nested(Tensor t) {
        Integer[] dims = new Integer[t.dim()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        Arrays.sort(dims, java.util.Comparator.comparingLong(t::stride));
        long span = 1; // elements the dimensions so far cover
        for (int d : dims) {
            if (t.size(d) == 1) {
                continue;
            }
            if (t.stride(d) < span) {
                return false;
            }
            span = t.stride(d) * t.size(d);
        }
        return true;
    }

    private static Primitive create(PrimitiveKey key, Tensor src, Tensor dst) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment srcMd = OneDnn.memoryDesc(src, arena);
            MemorySegment dstMd = OneDnn.memoryDesc(dst, arena);
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            try {
                OneDnn.check(Dnnl.dnnl_reorder_primitive_desc_create(pd, srcMd, OneDnn.engine(), dstMd, OneDnn.engine(),
                        MemorySegment.NULL), key.op() + " " + Arrays.toString(src.shape()));
            } finally {
                Dnnl.dnnl_memory_desc_destroy(srcMd);
                Dnnl.dnnl_memory_desc_destroy(dstMd);
            }
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_FROM(), Dnnl.DNNL_ARG_TO());
        }
    }
}
