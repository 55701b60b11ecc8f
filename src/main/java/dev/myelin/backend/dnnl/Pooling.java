package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * oneDNN pooling over the spatial dimensions of {@code [N, C, *spatial]} (1-D or 2-D), forward and
 * backward. Max pooling's forward (training) leaves a workspace, the arg-max positions, which its
 * backward needs. Geometry is checked by the caller (nn.functional.Pooling); this class checks
 * only what oneDNN needs.
 */
public final class Pooling {
    /** The pooling algorithm; AVG_INCLUDE_PAD is PyTorch's count_include_pad=True. */
    public enum Kind {
        MAX(Dnnl::dnnl_pooling_max),
        AVG_INCLUDE_PAD(Dnnl::dnnl_pooling_avg_include_padding),
        AVG_EXCLUDE_PAD(Dnnl::dnnl_pooling_avg_exclude_padding);

        private final IntSupplier alg;

        Kind(IntSupplier alg) {
            this.alg = alg;
        }
    }

    /**
     * The window over the spatial dimensions: dilation 1 means adjacent taps; padding may differ on
     * the right (ceil mode). Output length per dimension: (L + padL + padR - (dilation (kernel-1) + 1)) / stride + 1.
     */
    public record Window(int[] kernel, int[] stride, int[] dilation, int[] padLeft, int[] padRight) {
        public int[] outputShape(int[] inputShape) {
            int[] out = inputShape.clone();
            for (int i = 0; i < kernel.length; i++) {
                int extent = dilation[i] * (kernel[i] - 1) + 1;
                out[2 + i] = (inputShape[2 + i] + padLeft[i] + padRight[i] - extent) / stride[i] + 1;
            }
            return out;
        }

        void addTo(PrimitiveKey.Builder key) {
            for (int[] a : new int[][] {kernel, stride, dilation, padLeft, padRight}) {
                for (int v : a) {
                    key.add(v);
                }
            }
        }
    }

    /** The pooled output and, for max pooling in training, the workspace its backward needs (else null). */
    public record Result(Tensor output, Tensor workspace) {}

    private Pooling() {}

    /** Pools {@code x}; with {@code training} a max pool also returns its workspace. */
    public static Result forward(Kind kind, Window w, Tensor x, boolean training) {
        Tensor src = checked("pooling", x, w);
        Tensor dst = Tensor.empty(w.outputShape(src.shape()));
        boolean withWorkspace = training && kind == Kind.MAX;
        PrimitiveKey key = forwardKey(kind, w, src, withWorkspace);
        Supplier<Primitive> create = () -> createForward(key, kind, w, src, withWorkspace);
        if (!withWorkspace) {
            PrimitiveCache.run(key, create, src, dst);
            return new Result(dst, null);
        }
        // sized by the primitive descriptor's workspace_md; raw bytes only oneDNN reads
        Tensor workspace = Tensor.empty((int) ((PrimitiveCache.get(key, create).bytes(2) + 3) / 4));
        PrimitiveCache.run(key, create, src, dst, workspace);
        return new Result(dst, workspace);
    }

    /** dL/dx for the forward input {@code x}; {@code workspace} is the max pool's forward workspace. */
    public static Tensor backward(Kind kind, Window w, Tensor x, Tensor gradOut, Tensor workspace) {
        Tensor src = checked("pooling backward", x, w);
        Tensor dy = gradOut.detach().contiguous();
        if (!Arrays.equals(dy.shape(), w.outputShape(src.shape()))) {
            throw new IllegalArgumentException("pooling backward: gradient " + Shapes.str(dy.shape()) + " is not the output shape "
                    + Shapes.str(w.outputShape(src.shape())) + " of input " + Shapes.str(src.shape()));
        }
        if (kind == Kind.MAX && workspace == null) {
            throw new IllegalArgumentException("pooling backward: max pooling needs the forward's workspace");
        }
        Tensor dx = Tensor.empty(src.shape());
        PrimitiveKey fwdKey = forwardKey(kind, w, src, true);
        PrimitiveKey.Builder b = PrimitiveKey.of("pooling_bwd").add(kind.ordinal()).add(src);
        w.addTo(b);
        PrimitiveKey key = b.build();
        boolean max = kind == Kind.MAX;
        Supplier<Primitive> create = () -> {
            Primitive fwd = PrimitiveCache.get(fwdKey, () -> createForward(fwdKey, kind, w, src, true));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment dxMd = OneDnn.memoryDesc(dx, arena);
                MemorySegment dyMd = OneDnn.memoryDesc(dy, arena);
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                try {
                    OneDnn.check(Dnnl.dnnl_pooling_backward_primitive_desc_create(pd, OneDnn.engine(), kind.alg.getAsInt(),
                            dxMd, dyMd, dims(arena, w.stride, 0), dims(arena, w.kernel, 0), dims(arena, w.dilation, -1),
                            dims(arena, w.padLeft, 0), dims(arena, w.padRight, 0), fwd.pd(), MemorySegment.NULL),
                            "pooling " + kind + " backward on " + Shapes.str(src.shape()));
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(dxMd);
                    Dnnl.dnnl_memory_desc_destroy(dyMd);
                }
                MemorySegment made = pd.get(Dnnl.C_POINTER, 0);
                return max ? Primitive.create("pooling_bwd", made, Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_SRC(), Dnnl.DNNL_ARG_WORKSPACE())
                        : Primitive.create("pooling_bwd", made, Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_SRC());
            }
        };
        if (max) {
            PrimitiveCache.run(key, create, dy, dx, workspace);
        } else {
            PrimitiveCache.run(key, create, dy, dx);
        }
        return dx;
    }

    private static PrimitiveKey forwardKey(Kind kind, Window w, Tensor src, boolean training) {
        PrimitiveKey.Builder b = PrimitiveKey.of("pooling_fwd").add(kind.ordinal()).add(training ? 1 : 0).add(src);
        w.addTo(b);
        return b.build();
    }

    private static Primitive createForward(PrimitiveKey key, Kind kind, Window w, Tensor src, boolean training) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment srcMd = OneDnn.memoryDesc(src, arena);
            MemorySegment dstMd = OneDnn.memoryDesc(Tensor.empty(w.outputShape(src.shape())), arena);
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            try {
                OneDnn.check(Dnnl.dnnl_pooling_forward_primitive_desc_create(pd, OneDnn.engine(),
                        training ? Dnnl.dnnl_forward_training() : Dnnl.dnnl_forward_inference(), kind.alg.getAsInt(),
                        srcMd, dstMd, dims(arena, w.stride, 0), dims(arena, w.kernel, 0), dims(arena, w.dilation, -1),
                        dims(arena, w.padLeft, 0), dims(arena, w.padRight, 0), MemorySegment.NULL),
                        "pooling " + kind + " on " + Shapes.str(src.shape()));
            } finally {
                Dnnl.dnnl_memory_desc_destroy(srcMd);
                Dnnl.dnnl_memory_desc_destroy(dstMd);
            }
            MemorySegment made = pd.get(Dnnl.C_POINTER, 0);
            return training && kind == Kind.MAX
                    ? Primitive.create(key.op(), made, Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DST(), Dnnl.DNNL_ARG_WORKSPACE())
                    : Primitive.create(key.op(), made, Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DST());
        }
    }

    /** A dnnl_dims_t of {@code values + offset} (oneDNN counts dilation from 0: 0 means adjacent taps). */
    static MemorySegment dims(Arena arena, int[] values, int offset) {
        MemorySegment d = arena.allocate(Dnnl.C_LONG_LONG, 12); // DNNL_MAX_NDIMS
        for (int i = 0; i < values.length; i++) {
            d.setAtIndex(Dnnl.C_LONG_LONG, i, values[i] + offset);
        }
        return d;
    }

    private static Tensor checked(String op, Tensor x, Window w) {
        if (x.dtype() != DType.FLOAT32 || x.dim() != 2 + w.kernel.length || x.numel() == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty float32 [N, C, " + w.kernel.length
                    + " spatial dims], got " + x.dtype() + " " + Shapes.str(x.shape()));
        }
        return x.detach().contiguous(); // a kernel: nothing here records for autograd
    }
}
