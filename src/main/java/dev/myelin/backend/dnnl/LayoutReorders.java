package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Plain tensors in and out of the layouts a primitive chose (format "any"): blocked weights (with
 * plain OIHW weights this oneDNN build falls back to its reference kernel, 20-50x slower) and, for
 * convolutions, blocked activations (see {@link ConvLayout}). Each reorder is a cached primitive.
 */
final class LayoutReorders {
    private LayoutReorders() {}

    /** A weights descriptor of {@code t}'s shape with format "any", for primitive creation. */
    static MemorySegment anyDesc(Tensor t, Arena arena) {
        return OneDnn.taggedDesc(arena, Dnnl.dnnl_format_tag_any(), t.shape());
    }

    /** Flat storage big enough for the weights as primitive {@code p} wants them (query {@code query}). */
    static Tensor blockedBuffer(Primitive p, int query) {
        long bytes = Dnnl.dnnl_memory_desc_get_size(Dnnl.dnnl_primitive_desc_query_md(p.pd(), query, 0));
        return Tensor.empty((int) (bytes / Float.BYTES));
    }

    /**
     * {@code plain} as primitive {@code p} reads the argument {@code query} (e.g. its source): itself when
     * that layout is plain, else a copy reordered by a primitive cached under {@code key}.
     */
    static Tensor asPrimitiveReads(PrimitiveKey key, Primitive p, int query, Tensor plain) {
        if (isPlain(p, query, plain)) {
            return plain;
        }
        Tensor blocked = blockedBuffer(p, query);
        reorder(key, p, query, plain, blocked, true);
        return blocked;
    }

    /** Where primitive {@code p} should write argument {@code query} for {@code plain}: itself when the layouts agree, else a new buffer. */
    static Tensor outputFor(Primitive p, int query, Tensor plain) {
        return isPlain(p, query, plain) ? plain : blockedBuffer(p, query);
    }

    /** Whether primitive {@code p} wants argument {@code query} in {@code plain}'s own layout. */
    private static boolean isPlain(Primitive p, int query, Tensor plain) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment plainMd = OneDnn.memoryDesc(plain, arena);
            try {
                return Dnnl.dnnl_memory_desc_equal(plainMd, Dnnl.dnnl_primitive_desc_query_md(p.pd(), query, 0)) != 0;
            } finally {
                Dnnl.dnnl_memory_desc_destroy(plainMd);
            }
        }
    }

    /** Copies {@code out} (from {@link #outputFor}) back into {@code plain} when it is a separate buffer. */
    static void finishOutput(PrimitiveKey key, Primitive p, int query, Tensor plain, Tensor out) {
        if (out != plain) {
            reorder(key, p, query, plain, out, false);
        }
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
