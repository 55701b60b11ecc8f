package dev.myelin.nn.functional;

import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Which query-key pairs may attend, as a float tensor added to the scores before the softmax:
 * 0 where attention is allowed, -inf where it is not (or any finite bias, for PyTorch's float masks).
 * It broadcasts to the score shape {@code [..., L, S]}.
 *
 * <p>Myelin has no boolean dtype: PyTorch's boolean masks (True = may not attend) are given as
 * 0/1 float tensors to {@link #blocking}.
 */
public record AttentionMask(Tensor additive) {
    public AttentionMask {
        if (additive.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("attention mask: expected float32, got " + additive.dtype() + " "
                    + Shapes.str(additive.shape()));
        }
        additive = additive.detach();
    }

    /** A float mask added to the scores as it is (PyTorch's float attn_mask). */
    public static AttentionMask additive(Tensor bias) {
        return new AttentionMask(bias);
    }

    /** From 0/1 flags, 1 where attention is not allowed (PyTorch's boolean masks, True = masked). */
    public static AttentionMask blocking(Tensor flags) {
        if (flags.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("attention mask: flags must be 0/1 float32, got " + flags.dtype());
        }
        return new AttentionMask(negativeInfinityWhere(flags.detach()));
    }

    /** [L, S]: query i may attend to keys 0..i only (PyTorch's generate_square_subsequent_mask when L = S). */
    public static AttentionMask causal(int queries, int keys) {
        float[] v = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = i + 1; j < keys; j++) {
                v[i * keys + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return new AttentionMask(Tensor.of(v, queries, keys));
    }

    /**
     * A key padding mask [N, S] (1 = padding, ignored) as a mask broadcasting over [N, heads, L, S].
     */
    public static AttentionMask keyPadding(Tensor flags) {
        if (flags.dim() != 2) {
            throw new IllegalArgumentException("key_padding_mask: expected [N, S], got " + Shapes.str(flags.shape()));
        }
        return blocking(flags.detach().reshape(flags.size(0), 1, 1, flags.size(1)));
    }

    /** Both masks; either may be null. */
    public static AttentionMask combine(AttentionMask a, AttentionMask b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new AttentionMask(Kernels.add(a.additive, b.additive));
    }

    public int[] shape() {
        return additive.shape();
    }

    /** -inf where a flag is non-zero, else 0 (scaling by -inf would give NaN for the zeros). */
    private static Tensor negativeInfinityWhere(Tensor flags) {
        float[] v = flags.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] > 0 ? Float.NEGATIVE_INFINITY : 0f;
        }
        return Tensor.of(v, flags.shape());
    }
}
