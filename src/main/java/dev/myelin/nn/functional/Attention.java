package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.backend.dnnl.Softmax;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Scaled dot-product attention, {@code softmax(Q K^T / sqrt(d_k) + mask) V}, over any leading batch
 * dimensions: Q {@code [..., L, d_k]}, K {@code [..., S, d_k]}, V {@code [..., S, d_v]}, output
 * {@code [..., L, d_v]}.
 *
 * <p>The attention weights are one autograd node: the products Q K^T of all batch entries are one
 * batched GEMM whose result buffer is scaled, masked and turned into probabilities in place, and
 * whose backward is the fused softmax backward {@code dS = P (dP - sum_j dP P) / sqrt(d_k)} followed
 * by {@code dQ = dS K} and {@code dK = dS^T Q}. No other score-sized tensor is kept.
 *
 * <p>A query whose keys are all masked has no distribution to take: its weights are defined as all
 * zero, so its output is zero and it passes no gradient (PyTorch gives NaN there).
 */
public final class Attention {
    private Attention() {}

    /** The attended values and the attention weights {@code [..., L, S]} (both differentiable). */
    public record Result(Tensor output, Tensor weights) {}

    /** Attention without dropout. */
    public static Result scaledDotProduct(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        return scaledDotProduct("scaled_dot_product_attention", q, k, v, mask, null);
    }

    /**
     * Attention with {@code dropout} (null for none) applied to the weights before they multiply V;
     * the returned weights are those after dropout, as PyTorch's {@code multi_head_attention_forward}
     * returns them. Errors name {@code op}.
     */
    public static Result scaledDotProduct(String op, Tensor q, Tensor k, Tensor v, AttentionMask mask,
                                          UnaryOperator<Tensor> dropout) {
        checkValues(op, k, v);
        Tensor p = weights(op, q, k, mask);
        Tensor dropped = dropout == null ? p : dropout.apply(p);
        int[] batch = batchShape(q);
        int b = Math.toIntExact(Shapes.numel(batch));
        int s = k.size(-2);
        int dv = v.size(-1);
        Tensor out = dropped.reshape(b, q.size(-2), s).matmul(v.reshape(b, s, dv));
        return new Result(out.view(append(batch, q.size(-2), dv)), dropped);
    }

    /** {@code softmax(Q K^T / sqrt(d_k) + mask)} along the last dimension, {@code [..., L, S]}. */
    public static Tensor weights(String op, Tensor q, Tensor k, AttentionMask mask) {
        checkQueriesAndKeys(op, q, k);
        int[] batch = batchShape(q);
        int b = Math.toIntExact(Shapes.numel(batch));
        int l = q.size(-2);
        int s = k.size(-2);
        int d = q.size(-1);
        int[] scoreShape = append(batch, l, s);
        float scale = (float) (1 / Math.sqrt(d));
        Tensor q3 = q.detach().reshape(b, l, d); // kernels never record
        Tensor k3 = k.detach().reshape(b, s, d);
        Tensor scores = q3.matmul(k3.transpose(1, 2));
        if (mask != null) {
            checkMask(op, mask, scoreShape);
            Kernels.axpyInPlace(scores.view(scoreShape), 1 / scale, mask.additive()); // scaled below with the scores
        }
        AttentionKernel.softmaxRowsInPlace(scores, scale, mask != null);
        Tensor p = scores.view(scoreShape);
        return Autograd.record("attention_weights", p, new Tensor[] {q, k}, (g, needs) -> {
            Tensor p3 = p.view(b, l, s);
            Tensor ds = Kernels.scale(Softmax.backward(p3, g.contiguous().view(b, l, s)), scale);
            return new Tensor[] {
                needs[0] ? ds.matmul(k3).view(q.shape()) : null,
                needs[1] ? ds.transpose(1, 2).matmul(q3).view(k.shape()) : null};
        });
    }

    private static void checkQueriesAndKeys(String op, Tensor q, Tensor k) {
        Checks.requireFloat(op, "query", q);
        Checks.requireFloat(op, "key", k);
        if (q.dim() < 2 || k.dim() != q.dim()) {
            throw new IllegalArgumentException(op + ": query " + Shapes.str(q.shape()) + " and key " + Shapes.str(k.shape())
                    + " must be [..., L, d_k] and [..., S, d_k] with the same batch dimensions");
        }
        if (!Arrays.equals(batchShape(q), batchShape(k))) {
            throw new IllegalArgumentException(op + ": query " + Shapes.str(q.shape()) + " and key " + Shapes.str(k.shape())
                    + " have different batch dimensions");
        }
        if (q.size(-1) != k.size(-1)) {
            throw new IllegalArgumentException(op + ": query " + Shapes.str(q.shape()) + " has d_k " + q.size(-1) + " but key "
                    + Shapes.str(k.shape()) + " has " + k.size(-1));
        }
    }

    private static void checkValues(String op, Tensor k, Tensor v) {
        Checks.requireFloat(op, "value", v);
        if (v.dim() != k.dim() || !Arrays.equals(batchShape(k), batchShape(v)) || v.size(-2) != k.size(-2)) {
            throw new IllegalArgumentException(op + ": value " + Shapes.str(v.shape()) + " must be [..., S, d_v] with the "
                    + "batch dimensions and S of key " + Shapes.str(k.shape()));
        }
    }

    private static void checkMask(String op, AttentionMask mask, int[] scoreShape) {
        int[] m = mask.shape();
        boolean fits = m.length <= scoreShape.length;
        for (int i = 0; fits && i < m.length; i++) {
            int target = scoreShape[scoreShape.length - m.length + i];
            fits = m[i] == target || m[i] == 1;
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": mask " + Shapes.str(m) + " does not broadcast to the attention scores "
                    + Shapes.str(scoreShape) + " ([..., L, S])");
        }
    }

    private static int[] batchShape(Tensor t) {
        return Arrays.copyOf(t.shape(), t.dim() - 2);
    }

    private static int[] append(int[] batch, int rows, int cols) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }
}
