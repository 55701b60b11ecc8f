package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.backend.dnnl.Softmax;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;

/**
 * The row softmax of attention scores, in place (no autograd): the scores are scaled in Java, the
 * softmax is oneDNN's ({@link Softmax}, also for backward). A row that is entirely -inf (every key
 * masked) becomes all zeros instead of NaN.
 */
final class AttentionKernel {
    private AttentionKernel() {}

    /**
     * Each last-dimension row x of the contiguous {@code scores} becomes softmax(scale * x).
     * {@code masked}: the scores may hold -inf rows, to be found and zeroed.
     */
    static void softmaxRowsInPlace(Tensor scores, float scale, boolean masked) {
        MemorySegment x = scores.data();
        int n = scores.size(-1);
        long rows = scores.numel() / Math.max(1, n);
        BitSet allMasked = new BitSet();
        if (scale != 1 || masked) {
            float[] row = new float[n];
            for (long r = 0; r < rows; r++) {
                long at = r * n * Float.BYTES;
                MemorySegment.copy(x, JAVA_FLOAT, at, row, 0, n);
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    row[j] *= scale;
                    max = Math.max(max, row[j]);
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    allMasked.set(Math.toIntExact(r));
                }
                MemorySegment.copy(row, 0, x, JAVA_FLOAT, at, n);
            }
        }
        Softmax.forwardInPlace(scores);
        for (int r = allMasked.nextSetBit(0); r >= 0; r = allMasked.nextSetBit(r + 1)) {
            x.asSlice((long) r * n * Float.BYTES, (long) n * Float.BYTES).fill((byte) 0);
        }
    }
}
