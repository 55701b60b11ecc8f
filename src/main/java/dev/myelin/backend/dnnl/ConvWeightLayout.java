package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Weights in the blocked layout oneDNN picks for a convolution (format "any"): with plain OIHW
 * weights this oneDNN build falls back to its reference kernel, 20-50x slower. Tensors stay plain;
 * the (small) weights are reordered into and out of the blocked layout around each primitive.
 */
final class ConvWeightLayout {
    private ConvWeightLayout() {}

    /** A weights descriptor of {@code t}'s shape with format "any", for primitive creation. */
    static MemorySegment anyDesc(Tensor t, Arena arena) {
        MemorySegment dims = arena.allocate(Dnnl.C_LONG_LONG, t.dim());
        for (int i = 0; i < t.dim(); i++) {
            dims.setAtIndex(Dnnl.C_LONG_LONG, i, t.size(i));
        }
        MemorySegment out = arena.allocate(Dnnl.C_POINTER);
        OneDnn.check(Dnnl.dnnl_memory_desc_create_with_tag(out, t.dim(), dims, Dnnl.dnnl_f32(), Dnnl.dnnl_format_tag_any()),
                "dnnl_memory_desc_create_with_tag(any)");
        return out.get(Dnnl.C_POINTER, 0);
    }

    /** Flat storage big enough for the weights as primitive {@code p} wants them (query {@code query}). */
    static Tensor blockedBuffer(Primitive p, int query) {
        long bytes = Dnnl.dnnl_memory_desc_get_size(Dnnl.dnnl_primitive_desc_query_md(p.pd(), query, 0));
        return Tensor.empty((int) (bytes / Float.BYTES));
    }

    /**
     * Copies plain {@code plain} into {@code blocked} (toBlocked) or back, with a reorder primitive cached
     * under {@code key}, which must identify the convolution as fully as the convolution's own key.
     */
    static void reorder(PrimitiveKey key, Primitive conv, int query, Tensor plain, Tensor blocked, boolean toBlocked) {
        PrimitiveCache.run(key, () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment plainMd = OneDnn.memoryDesc(plain, arena);
                MemorySegment blockedMd = Dnnl.dnnl_primitive_desc_query_md(conv.pd(), query, 0);
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                try {
                    OneDnn.check(Dnnl.dnnl_reorder_primitive_desc_create(pd, toBlocked ? plainMd : blockedMd, OneDnn.engine(),
                            toBlocked ? blockedMd : plainMd, OneDnn.engine(), MemorySegment.NULL), "conv weights reorder");
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(plainMd);
                }
                return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_FROM(), Dnnl.DNNL_ARG_TO());
            }
        }, toBlocked ? plain : blocked, toBlocked ? blocked : plain);
    }
}
