package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * oneDNN batch and layer normalisation, forward and backward, always with a scale and a shift
 * (callers without affine pass ones and zeros): {@code y = (x - mean) / sqrt(var + eps) * scale + shift}.
 * Batch norm: statistics per channel (dim 1) of {@code [N, C, *]}; layer norm: per row of {@code [rows, D]}.
 * Variances are the biased ones (divided by the count), as oneDNN computes them.
 */
public final class Normalization {
    /** The output and the statistics used (computed in training, the given ones with global statistics). */
    public record Forward(Tensor output, Tensor mean, Tensor variance) {}

    /** Gradients of the input, the scale and the shift. */
    public record Backward(Tensor input, Tensor scale, Tensor shift) {}

    private enum Kind { BATCH, LAYER }

    private Normalization() {}

    /** Batch norm with batch statistics: returns y and the batch's mean and biased variance per channel. */
    public static Forward batchNormTraining(Tensor x, Tensor scale, Tensor shift, float eps) {
        Tensor src = checked("batch_norm", x, 2);
        Tensor y = Tensor.empty(src.shape());
        Tensor mean = Tensor.empty(src.size(1));
        Tensor var = Tensor.empty(src.size(1));
        run(Kind.BATCH, false, src, eps, y, scale, shift, mean, var);
        return new Forward(y, mean, var);
    }

    /** Batch norm with given (running) statistics. */
    public static Tensor batchNormGlobalStats(Tensor x, Tensor scale, Tensor shift, Tensor mean, Tensor var, float eps) {
        Tensor src = checked("batch_norm", x, 2);
        Tensor y = Tensor.empty(src.shape());
        run(Kind.BATCH, true, src, eps, y, scale, shift, mean.detach().contiguous(), var.detach().contiguous());
        return y;
    }

    /** Layer norm of each row of {@code x [rows, D]}: returns y and each row's mean and biased variance. */
    public static Forward layerNorm(Tensor x, Tensor scale, Tensor shift, float eps) {
        Tensor src = checked("layer_norm", x, 2);
        if (src.dim() != 2) {
            throw new IllegalArgumentException("layer_norm: expected [rows, D], got " + Shapes.str(src.shape()));
        }
        Tensor y = Tensor.empty(src.shape());
        Tensor mean = Tensor.empty(src.size(0));
        Tensor var = Tensor.empty(src.size(0));
        run(Kind.LAYER, false, src, eps, y, scale, shift, mean, var);
        return new Forward(y, mean, var);
    }

    /** Batch norm backward; {@code globalStats} when the forward used given statistics (evaluation). */
    public static Backward batchNormBackward(Tensor x, Tensor gradOut, Tensor scale, Tensor mean, Tensor var, float eps,
            boolean globalStats) {
        return backward(Kind.BATCH, globalStats, x, gradOut, scale, mean, var, eps);
    }

    public static Backward layerNormBackward(Tensor x, Tensor gradOut, Tensor scale, Tensor mean, Tensor var, float eps) {
        return backward(Kind.LAYER, false, x, gradOut, scale, mean, var, eps);
    }

    private static void run(Kind kind, boolean globalStats, Tensor src, float eps, Tensor y, Tensor scale, Tensor shift,
            Tensor mean, Tensor var) {
        PrimitiveKey key = key(kind, "fwd", globalStats, src, eps);
        PrimitiveCache.run(key, () -> createForward(key, kind, globalStats, src, mean, eps), src, y,
                params(scale), params(shift), mean, var);
    }

    private static Backward backward(Kind kind, boolean globalStats, Tensor x, Tensor gradOut, Tensor scale, Tensor mean,
            Tensor var, float eps) {
        String op = (kind == Kind.BATCH ? "batch_norm" : "layer_norm") + " backward";
        Tensor src = checked(op, x, 2);
        Tensor dy = gradOut.detach().contiguous();
        if (!java.util.Arrays.equals(dy.shape(), src.shape())) {
            throw new IllegalArgumentException(op + ": gradient " + Shapes.str(dy.shape()) + " differs from input "
                    + Shapes.str(src.shape()));
        }
        Tensor m = mean.detach().contiguous();
        Tensor v = var.detach().contiguous();
        Tensor dx = Tensor.empty(src.shape());
        Tensor dScale = Tensor.empty(scale.shape());
        Tensor dShift = Tensor.empty(scale.shape());
        PrimitiveKey fwdKey = key(kind, "fwd", globalStats, src, eps);
        PrimitiveKey key = key(kind, "bwd", globalStats, src, eps);
        Supplier<Primitive> create = () -> {
            Primitive fwd = PrimitiveCache.get(fwdKey, () -> createForward(fwdKey, kind, globalStats, src, m, eps));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment md = OneDnn.memoryDesc(src, arena);
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                try {
                    int status = kind == Kind.BATCH
                            ? Dnnl.dnnl_batch_normalization_backward_primitive_desc_create(pd, OneDnn.engine(), Dnnl.dnnl_backward(),
                                    md, md, md, eps, flags(globalStats), fwd.pd(), MemorySegment.NULL)
                            : layerNormBackwardDesc(pd, md, m, eps, fwd.pd(), arena);
                    OneDnn.check(status, op + " on " + Shapes.str(src.shape()));
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(md);
                }
                return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DIFF_DST(),
                        Dnnl.DNNL_ARG_MEAN(), Dnnl.DNNL_ARG_VARIANCE(), Dnnl.DNNL_ARG_SCALE(), Dnnl.DNNL_ARG_DIFF_SRC(),
                        Dnnl.DNNL_ARG_DIFF_SCALE(), Dnnl.DNNL_ARG_DIFF_SHIFT());
            }
        };
        PrimitiveCache.run(key, create, src, dy, m, v, params(scale), dx, dScale, dShift);
        return new Backward(dx, dScale, dShift);
    }

    private static int layerNormBackwardDesc(MemorySegment pd, MemorySegment md, Tensor stats, float eps, MemorySegment hint,
            Arena arena) {
        MemorySegment statMd = OneDnn.memoryDesc(stats, arena);
        try {
            return Dnnl.dnnl_layer_normalization_backward_primitive_desc_create(pd, OneDnn.engine(), Dnnl.dnnl_backward(),
                    md, md, md, statMd, eps, flags(false), hint, MemorySegment.NULL);
        } finally {
            Dnnl.dnnl_memory_desc_destroy(statMd);
        }
    }

    private static Primitive createForward(PrimitiveKey key, Kind kind, boolean globalStats, Tensor src, Tensor stats,
            float eps) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment md = OneDnn.memoryDesc(src, arena);
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            try {
                int status;
                if (kind == Kind.BATCH) {
                    status = Dnnl.dnnl_batch_normalization_forward_primitive_desc_create(pd, OneDnn.engine(),
                            Dnnl.dnnl_forward_training(), md, md, eps, flags(globalStats), MemorySegment.NULL);
                } else {
                    MemorySegment statMd = OneDnn.memoryDesc(stats, arena);
                    status = Dnnl.dnnl_layer_normalization_forward_primitive_desc_create(pd, OneDnn.engine(),
                            Dnnl.dnnl_forward_training(), md, md, statMd, eps, flags(false), MemorySegment.NULL);
                    Dnnl.dnnl_memory_desc_destroy(statMd);
                }
                OneDnn.check(status, key.op() + " on " + Shapes.str(src.shape()));
            } finally {
                Dnnl.dnnl_memory_desc_destroy(md);
            }
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DST(),
                    Dnnl.DNNL_ARG_SCALE(), Dnnl.DNNL_ARG_SHIFT(), Dnnl.DNNL_ARG_MEAN(), Dnnl.DNNL_ARG_VARIANCE());
        }
    }

    private static int flags(boolean globalStats) {
        int f = Dnnl.dnnl_use_scale() | Dnnl.dnnl_use_shift();
        return globalStats ? f | Dnnl.dnnl_use_global_stats() : f;
    }

    private static PrimitiveKey key(Kind kind, String direction, boolean globalStats, Tensor src, float eps) {
        return PrimitiveKey.of((kind == Kind.BATCH ? "bnorm_" : "lnorm_") + direction).add(globalStats ? 1 : 0).add(eps)
                .add(src).build();
    }

    private static Tensor params(Tensor t) {
        return t.detach().contiguous();
    }

    private static Tensor checked(String op, Tensor x, int minRank) {
        if (x.dtype() != DType.FLOAT32 || x.dim() < minRank || x.numel() == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty float32 tensor of rank >= " + minRank + ", got "
                    + x.dtype() + " " + Shapes.str(x.shape()));
        }
        return x.detach().contiguous();
    }
}
