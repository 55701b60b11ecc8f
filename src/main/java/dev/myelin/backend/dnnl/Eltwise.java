package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.IntSupplier;

/** oneDNN element-wise primitives, forward and backward: y = f(x; alpha, beta) and dx = f'(x) * dy. */
public final class Eltwise {
    /** The element-wise functions, with oneDNN's meaning of alpha and beta. */
    public enum Alg {
        RELU(Dnnl::dnnl_eltwise_relu),          // alpha: slope for x < 0 (leaky ReLU)
        TANH(Dnnl::dnnl_eltwise_tanh),
        LOGISTIC(Dnnl::dnnl_eltwise_logistic),
        ELU(Dnnl::dnnl_eltwise_elu),            // alpha
        GELU_TANH(Dnnl::dnnl_eltwise_gelu_tanh),
        GELU_ERF(Dnnl::dnnl_eltwise_gelu_erf),
        SOFT_RELU(Dnnl::dnnl_eltwise_soft_relu), // alpha: softplus beta
        SWISH(Dnnl::dnnl_eltwise_swish),        // alpha: x * sigmoid(alpha x)
        CLIP(Dnnl::dnnl_eltwise_clip),          // [alpha, beta]
        EXP(Dnnl::dnnl_eltwise_exp),
        LOG(Dnnl::dnnl_eltwise_log),
        SQRT(Dnnl::dnnl_eltwise_sqrt),
        ABS(Dnnl::dnnl_eltwise_abs),
        SQUARE(Dnnl::dnnl_eltwise_square),
        LINEAR(Dnnl::dnnl_eltwise_linear),      // alpha x + beta
        POW(Dnnl::dnnl_eltwise_pow);            // alpha x^beta

        private final IntSupplier kind;

        Alg(IntSupplier kind) {
            this.kind = kind;
        }

        int kind() {
            return kind.getAsInt();
        }
    }

    private Eltwise() {}

    public static Tensor relu(Tensor x) {
        return forward(Alg.RELU, x, 0f, 0f);
    }

    public static Tensor reluBackward(Tensor x, Tensor gradOut) {
        return backward(Alg.RELU, x, gradOut, 0f, 0f);
    }

    /** y = f(x) in a new contiguous tensor. */
    public static Tensor forward(Alg alg, Tensor x, float alpha, float beta) {
        Tensor src = checked("eltwise " + alg, x);
        Tensor dst = Tensor.empty(src.shape());
        PrimitiveKey key = forwardKey(alg, src, alpha, beta);
        PrimitiveCache.run(key, () -> createForward(key, alg, src, alpha, beta), src, dst);
        return dst;
    }

    /** dx = f'(x) * dy, where x is the forward input. */
    public static Tensor backward(Alg alg, Tensor x, Tensor gradOut, float alpha, float beta) {
        String op = "eltwise " + alg + " backward";
        Tensor src = checked(op, x);
        Tensor dy = checked(op, gradOut);
        if (!java.util.Arrays.equals(src.shape(), dy.shape())) {
            throw new IllegalArgumentException(op + ": gradient shape " + Shapes.str(dy.shape())
                    + " differs from input shape " + Shapes.str(src.shape()));
        }
        Tensor dx = Tensor.empty(src.shape());
        PrimitiveKey fwdKey = forwardKey(alg, src, alpha, beta);
        PrimitiveKey key = PrimitiveKey.of("eltwise_bwd").add(alg.ordinal()).add(alpha).add(beta).add(src).build();
        PrimitiveCache.run(key, () -> {
            Primitive fwd = PrimitiveCache.get(fwdKey, () -> createForward(fwdKey, alg, src, alpha, beta));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment md = OneDnn.memoryDesc(src, arena);
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                try {
                    OneDnn.check(Dnnl.dnnl_eltwise_backward_primitive_desc_create(pd, OneDnn.engine(), alg.kind(), md, md, md,
                            alpha, beta, fwd.pd(), MemorySegment.NULL), op + " on " + Shapes.str(src.shape()));
                } finally {
                    Dnnl.dnnl_memory_desc_destroy(md);
                }
                return Primitive.create(op, pd.get(Dnnl.C_POINTER, 0),
                        Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_SRC());
            }
        }, src, dy, dx);
        return dx;
    }

    private static PrimitiveKey forwardKey(Alg alg, Tensor src, float alpha, float beta) {
        return PrimitiveKey.of("eltwise_fwd").add(alg.ordinal()).add(alpha).add(beta).add(src).build();
    }

    private static Primitive createForward(PrimitiveKey key, Alg alg, Tensor src, float alpha, float beta) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment md = OneDnn.memoryDesc(src, arena);
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            try {
                OneDnn.check(Dnnl.dnnl_eltwise_forward_primitive_desc_create(pd, OneDnn.engine(), Dnnl.dnnl_forward_training(),
                        alg.kind(), md, md, alpha, beta, MemorySegment.NULL), "eltwise " + alg + " on " + Shapes.str(src.shape()));
            } finally {
                Dnnl.dnnl_memory_desc_destroy(md);
            }
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DST());
        }
    }

    /** A contiguous float32 tensor with at least one element, or an exception naming the op. */
    private static Tensor checked(String op, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected float32, got " + t.dtype() + " " + Shapes.str(t.shape()));
        }
        if (t.numel() == 0) {
            throw new IllegalArgumentException(op + ": empty tensor " + Shapes.str(t.shape()));
        }
        return t.detach().contiguous(); // a kernel: nothing here records for autograd
    }
}
