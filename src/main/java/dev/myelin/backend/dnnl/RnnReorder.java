package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Moves recurrent weights between a strided tensor and the layout an RNN primitive chose for an
 * argument given as format "any", with cached oneDNN reorder primitives (the layouts are transposes
 * of each other, which a Java element loop copies several times slower).
 */
final class RnnReorder {
    private RnnReorder() {}

    /** The descriptor primitive {@code p} has for argument {@code arg} (owned by the primitive). */
    static MemorySegment argDesc(Primitive p, int arg) {
        return Dnnl.dnnl_primitive_desc_query_md(p.pd(), Dnnl.dnnl_query_exec_arg_md(), arg);
    }

    /** Whether primitive {@code p} reads argument {@code arg} in exactly {@code plain}'s layout. */
    static boolean isPlain(Primitive p, int arg, Tensor plain) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment md = OneDnn.memoryDesc(plain, arena);
            try {
                return Dnnl.dnnl_memory_desc_equal(md, argDesc(p, arg)) == 1;
            } finally {
                Dnnl.dnnl_memory_desc_destroy(md);
            }
        }
    }

    /** Storage sized for argument {@code arg} of {@code p}, in the layout it chose. */
    static Tensor buffer(Primitive p, int arg) {
        long bytes = Dnnl.dnnl_memory_desc_get_size(argDesc(p, arg));
        return Tensor.empty((int) ((bytes + Float.BYTES - 1) / Float.BYTES));
    }

    /**
     * {@code plain} as primitive {@code p} (cached under {@code pKey}) wants argument {@code arg}:
     * {@code plain} itself when the layouts agree, otherwise a reordered copy.
     */
    static Tensor toPrimitive(PrimitiveKey pKey, Primitive p, int arg, Tensor plain) {
        if (isPlain(p, arg, plain)) {
            return plain;
        }
        Tensor out = buffer(p, arg);
        run(pKey, p, arg, plain, out, true);
        return out;
    }

    /** Writes {@code blocked} (argument {@code arg} of {@code p}, in its layout) into plain {@code plain}. */
    static void fromPrimitive(PrimitiveKey pKey, Primitive p, int arg, Tensor blocked, Tensor plain) {
        run(pKey, p, arg, plain, blocked, false);
    }

    private static void run(PrimitiveKey pKey, Primitive p, int arg, Tensor plain, Tensor blocked, boolean toBlocked) {
        PrimitiveKey key = PrimitiveKey.of(pKey + (toBlocked ? "_to_" : "_from_") + arg).add(plain).build();
        PrimitiveCache.run(key, () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment plainMd = OneDnn.memoryDesc(plain, arena);
                try {
                    MemorySegment blockedMd = argDesc(p, arg);
                    return toBlocked ? create(key, plainMd, blockedMd) : create(key, blockedMd, plainMd);
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(plainMd);
                }
            }
        }, toBlocked ? plain : blocked, toBlocked ? blocked : plain);
    }

    private static Primitive create(PrimitiveKey key, MemorySegment from, MemorySegment to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            OneDnn.check(Dnnl.dnnl_reorder_primitive_desc_create(pd, from, OneDnn.engine(), to, OneDnn.engine(),
                    MemorySegment.NULL), key.op());
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_FROM(), Dnnl.DNNL_ARG_TO());
        }
    }
}
