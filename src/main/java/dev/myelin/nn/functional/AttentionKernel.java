package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The row softmax of attention scores, in place, and its backward (plain Java, no autograd).
 * A row that is entirely -inf (every key masked) becomes all zeros instead of NaN.
 */
final class AttentionKernel {
    private AttentionKernel() {}

    /** Each last-dimension row x of the contiguous {@code scores} becomes softmax(scale * x). */
    static void softmaxRowsInPlace(Tensor scores, float scale) {
        MemorySegment x = scores.data();
        int n = scores.size(-1);
        long rows = scores.numel() / Math.max(1, n);
        for (long r = 0; r < rows; r++) {
            long base = r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, x.getAtIndex(JAVA_FLOAT, base + j));
            }
            if (max == Float.NEGATIVE_INFINITY) {
                for (int j = 0; j < n; j++) {
                    x.setAtIndex(JAVA_FLOAT, base + j, 0f);
                }
                continue;
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(scale * (x.getAtIndex(JAVA_FLOAT, base + j) - max));
                x.setAtIndex(JAVA_FLOAT, base + j, e);
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < n; j++) {
                x.setAtIndex(JAVA_FLOAT, base + j, x.getAtIndex(JAVA_FLOAT, base + j) * inv);
            }
        }
    }

    /** The gradient of the scaled scores x from P = softmax(scale * x) and dP: scale * P * (dP - sum_j dP_j P_j). */
    static Tensor softmaxBackward(Tensor p, Tensor dp, float scale) {
        MemorySegment ps = p.contiguous().data();
        MemorySegment gs = dp.contiguous().data();
        Tensor out = Tensor.empty(p.shape());
        MemorySegment o = out.data();
        int n = p.size(-1);
        long rows = p.numel() / Math.max(1, n);
        for (long r = 0; r < rows; r++) {
            long base = r * n;
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += gs.getAtIndex(JAVA_FLOAT, base + j) * ps.getAtIndex(JAVA_FLOAT, base + j);
            }
            float d = (float) dot;
            for (int j = 0; j < n; j++) {
                float pj = ps.getAtIndex(JAVA_FLOAT, base + j);
                o.setAtIndex(JAVA_FLOAT, base + j, scale * pj * (gs.getAtIndex(JAVA_FLOAT, base + j) - d));
            }
        }
        return out;
    }
}
