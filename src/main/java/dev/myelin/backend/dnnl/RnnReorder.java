package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Copies between the layouts of recurrent weights with oneDNN reorder primitives (cached): between
 * any two strided views (PyTorch's {@code [gates * H, in]} rows and oneDNN's ldigo are transposes of
 * each other, which a Java element loop copies several times slower), and between plain ldigo and
 * the layout a primitive chose for an argument given as format "any".
 */
final class RnnReorder {
    private RnnReorder() {}

    /** Below this many elements a Java loop beats a native call (each wakes oneDNN's thread pool). */
    private static final long NATIVE_COPY_MIN = 16_384;

    /** dst = src for two float tensors of one shape, in whatever strides each has. */
    static void copy(Tensor src, Tensor dst) {
        if (src.numel() < NATIVE_COPY_MIN) {
            Kernels.assign(dst, src);
            return;
        }
        PrimitiveKey key = PrimitiveKey.of("rnn_strided_copy").add(src).add(dst).build();
        PrimitiveCache.run(key, () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment from = OneDnn.memoryDesc(src, arena);
                MemorySegment to = OneDnn.memoryDesc(dst, arena);
                try {
                    return create(key, from, to);
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(from);
                    Dnnl.dnnl_memory_desc_destroy(to);
                }
            }
        }, src, dst);
    }

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
        PrimitiveKey key = PrimitiveKey.of(pKey + (toBlocked ? "_to_" : "_from_") + arg).build();
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
