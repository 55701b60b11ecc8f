package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The row softmax of attention scores, in place (plain Java, no autograd); its backward is
 * {@link SoftmaxKernel}'s. A row that is entirely -inf (every key masked) becomes all zeros
 * instead of NaN.
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
}
