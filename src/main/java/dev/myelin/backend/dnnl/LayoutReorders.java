package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Plain tensors in and out of the layouts a primitive chose for arguments given as format "any",
 * addressed by their {@code DNNL_ARG_*} value: blocked convolution weights (with plain OIHW weights
 * this oneDNN build falls back to its reference kernel, 20-50x slower), blocked convolution
 * activations (see {@link ConvLayout}) and recurrent weights (transposes of the plain layout, which a
 * Java element loop copies several times slower). Each reorder is a cached oneDNN primitive.
 */
final class LayoutReorders {
    private LayoutReorders() {}

    /** A descriptor of {@code t}'s shape with format "any", for primitive creation. */
    static MemorySegment anyDesc(Tensor t, Arena arena) {
        return OneDnn.taggedDesc(arena, Dnnl.dnnl_format_tag_any(), t.shape());
    }

    /** The descriptor primitive {@code p} has for argument {@code arg} (owned by the primitive). */
    static MemorySegment argDesc(Primitive p, int arg) {
        return Dnnl.dnnl_primitive_desc_query_md(p.pd(), Dnnl.dnnl_query_exec_arg_md(), arg);
    }

    /** Flat storage sized for argument {@code arg} of {@code p}, in the layout it chose. */
    static Tensor buffer(Primitive p, int arg) {
        long bytes = Dnnl.dnnl_memory_desc_get_size(argDesc(p, arg));
        return Tensor.empty(Math.toIntExact((bytes + Float.BYTES - 1) / Float.BYTES));
    }

    /**
     * {@code plain} as primitive {@code p} (cached under {@code pKey}) reads argument {@code arg}:
     * {@code plain} itself when the layouts agree, otherwise a reordered copy.
     */
    static Tensor toPrimitive(PrimitiveKey pKey, Primitive p, int arg, Tensor plain) {
        if (isPlain(p, arg, plain)) {
            return plain;
        }
        Tensor blocked = buffer(p, arg);
        reorder(pKey, p, arg, plain, blocked, true);
        return blocked;
    }

    /** Where primitive {@code p} should write argument {@code arg} for {@code plain}: itself when the layouts agree, else a new buffer. */
    static Tensor outputFor(Primitive p, int arg, Tensor plain) {
        return isPlain(p, arg, plain) ? plain : buffer(p, arg);
    }

    /**
     * A fresh buffer for output {@code arg} of {@code p}, viewed in {@code shape}, when the
     * layout the primitive chose is a plain strided one (a transpose, say, maybe padded): the result
     * then needs no reorder of its own, whoever reads it copies it once. Null for a blocked layout.
     */
    static Tensor stridedOutput(Primitive p, int arg, int[] shape) {
        MemorySegment md = argDesc(p, arg);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(Dnnl.C_LONG_LONG);
            OneDnn.check(Dnnl.dnnl_memory_desc_query(md, Dnnl.dnnl_query_format_kind(), value), "format kind");
            int kind = value.get(Dnnl.C_INT, 0);
            OneDnn.check(Dnnl.dnnl_memory_desc_query(md, Dnnl.dnnl_query_inner_nblks_s32(), value), "inner blocks");
            int innerBlocks = value.get(Dnnl.C_INT, 0);
            OneDnn.check(Dnnl.dnnl_memory_desc_query(md, Dnnl.dnnl_query_ndims_s32(), value), "rank");
            int rank = value.get(Dnnl.C_INT, 0);
            if (kind != Dnnl.dnnl_blocked() || innerBlocks != 0 || rank != shape.length) {
                return null;
            }
            OneDnn.check(Dnnl.dnnl_memory_desc_query(md, Dnnl.dnnl_query_dims(), value), "dims");
            MemorySegment dims = value.get(Dnnl.C_POINTER, 0).reinterpret(rank * Long.BYTES);
            OneDnn.check(Dnnl.dnnl_memory_desc_query(md, Dnnl.dnnl_query_strides(), value), "strides");
            MemorySegment strides = value.get(Dnnl.C_POINTER, 0).reinterpret(rank * Long.BYTES);
            long[] st = new long[rank];
            for (int i = 0; i < rank; i++) {
                if (dims.getAtIndex(Dnnl.C_LONG_LONG, i) != shape[i]) {
                    return null;
                }
                st[i] = strides.getAtIndex(Dnnl.C_LONG_LONG, i);
            }
            return buffer(p, arg).asStrided(shape, st, 0);
        }
    }

    /** Copies {@code out} (from {@link #outputFor}) back into {@code plain} when it is a separate buffer. */
    static void finishOutput(PrimitiveKey pKey, Primitive p, int arg, Tensor plain, Tensor out) {
        if (out != plain) {
            reorder(pKey, p, arg, plain, out, false);
        }
    }

    /** Whether primitive {@code p} wants argument {@code arg} in exactly {@code plain}'s layout. */
    private static boolean isPlain(Primitive p, int arg, Tensor plain) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment plainMd = OneDnn.memoryDesc(plain, arena);
            try {
                return Dnnl.dnnl_memory_desc_equal(plainMd, argDesc(p, arg)) != 0;
            } finally {
                Dnnl.dnnl_memory_desc_destroy(plainMd);
            }
        }
    }

    /**
     * Copies {@code plain} into {@code blocked} (toBlocked) or back, with a reorder primitive cached under a
     * key made of {@code pKey}, the argument, the direction and {@code plain}'s shape and strides.
     */
    private static void reorder(PrimitiveKey pKey, Primitive p, int arg, Tensor plain, Tensor blocked, boolean toBlocked) {
        PrimitiveKey key = pKey.extend((toBlocked ? "_to_" : "_from_") + arg).add(plain).build();
        PrimitiveCache.run(key, () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment plainMd = OneDnn.memoryDesc(plain, arena);
                MemorySegment blockedMd = argDesc(p, arg);
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                try {
                    OneDnn.check(Dnnl.dnnl_reorder_primitive_desc_create(pd, toBlocked ? plainMd : blockedMd, OneDnn.engine(),
                            toBlocked ? blockedMd : plainMd, OneDnn.engine(), MemorySegment.NULL), key.op());
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(plainMd);
                }
                return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_FROM(), Dnnl.DNNL_ARG_TO());
            }
        }, toBlocked ? plain : blocked, toBlocked ? blocked : plain);
    }
}
