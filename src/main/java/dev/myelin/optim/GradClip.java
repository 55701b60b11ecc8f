package dev.myelin.optim;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Gradient clipping, in place on the parameters' gradients (parameters without one are skipped),
 * as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients together so that their global 2-norm {@code sqrt(sum_p sum_i g_pi^2)} is
     * at most {@code maxNorm}: each is multiplied by {@code min(1, maxNorm / (norm + 1e-6))}.
     * Returns the norm before clipping (infinite or NaN if a gradient is; then nothing is clipped).
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clip_grad_norm: max_norm must be >= 0, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                MemorySegment g = gradData(p);
                for (int i = 0, n = count(p); i < n; i++) {
                    double v = g.getAtIndex(JAVA_FLOAT, i);
                    sumSquares += v * v;
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        float coef = (float) (maxNorm / (norm + 1e-6));
        if (coef < 1) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    MemorySegment g = gradData(p);
                    for (int i = 0, n = count(p); i < n; i++) {
                        g.setAtIndex(JAVA_FLOAT, i, g.getAtIndex(JAVA_FLOAT, i) * coef);
                    }
                }
            }
        }
        return norm;
    }

    /** Clamps every gradient element to {@code [-clip, clip]}. */
    public static void clipGradValue(List<Tensor> params, double clip) {
        if (!(clip >= 0)) {
            throw new IllegalArgumentException("clip_grad_value: clip_value must be >= 0, got " + clip);
        }
        float c = (float) clip;
        for (Tensor p : params) {
            if (p.grad() != null) {
                MemorySegment g = gradData(p);
                for (int i = 0, n = count(p); i < n; i++) {
                    g.setAtIndex(JAVA_FLOAT, i, Math.clamp(g.getAtIndex(JAVA_FLOAT, i), -c, c));
                }
            }
        }
    }

    /** The gradient's memory; gradients made by backward are contiguous, and clipping must write to them. */
    private static MemorySegment gradData(Tensor p) {
        Tensor g = p.grad();
        if (!g.isContiguous()) {
            throw new IllegalArgumentException("clip_grad: the gradient of a parameter of shape "
                    + java.util.Arrays.toString(p.shape()) + " is not contiguous; clipping works in place");
        }
        return g.data();
    }

    private static int count(Tensor p) {
        return Math.toIntExact(p.numel());
    }
}
