package dev.myelin.text;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Positive pointwise mutual information of a word-context count matrix n:
 * <pre>
 *   PPMI(w, c) = max(0, log( p(w, c) / (p(w) p_alpha(c)) ))
 *   p(w, c) = n(w, c) / N,   p(w) = n(w, *) / N,   p_alpha(c) = n(*, c)^alpha / sum_c' n(*, c')^alpha
 * </pre>
 * with N the sum of all counts. {@code alpha = 1} is plain PPMI; {@code alpha = 0.75} is the
 * context-distribution smoothing of Levy, Goldberg and Dagan (2015), which raises rare contexts'
 * probability and so damps PMI's bias towards them. Cells with no count are 0. Natural logarithm.
 */
public final class Ppmi {
    /** The smoothing exponent that Levy et al. recommend (as word2vec's negative-sampling table). */
    public static final double SMOOTHED_ALPHA = 0.75;

    private Ppmi() {}

    /** PPMI of a non-negative {@code [W, C]} count matrix, as a new {@code [W, C]} matrix. */
    public static Tensor of(Tensor counts, double alpha) {
        if (counts.dim() != 2) {
            throw new IllegalArgumentException("ppmi: expected a 2-D count matrix, got " + Shapes.str(counts.shape()));
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ppmi: alpha must be in (0, 1], got " + alpha);
        }
        int rows = counts.size(0);
        int cols = counts.size(1);
        float[] n = counts.toFloatArray();
        double[] rowSum = new double[rows];
        double[] colSum = new double[cols];
        double total = 0;
        for (int i = 0; i < n.length; i++) {
            if (!(n[i] >= 0) || Float.isInfinite(n[i])) {
                throw new IllegalArgumentException("ppmi: counts must be finite and non-negative, got " + n[i] + " at ["
                        + i / cols + ", " + i % cols + "]");
            }
            rowSum[i / cols] += n[i];
            colSum[i % cols] += n[i];
            total += n[i];
        }
        double smoothedTotal = 0;
        double[] contextWeight = new double[cols];
        for (int c = 0; c < cols; c++) {
            contextWeight[c] = Math.pow(colSum[c], alpha);
            smoothedTotal += contextWeight[c];
        }
        float[] out = new float[n.length];
        for (int w = 0; w < rows; w++) {
            for (int c = 0; c < cols; c++) {
                double nwc = n[w * cols + c];
                if (nwc > 0) {
                    double pmi = Math.log((nwc / total) / ((rowSum[w] / total) * (contextWeight[c] / smoothedTotal)));
                    out[w * cols + c] = (float) Math.max(0, pmi);
                }
            }
        }
        return Tensor.of(out, rows, cols);
    }

    /** Plain PPMI (alpha = 1). */
    public static Tensor of(Tensor counts) {
        return of(counts, 1);
    }
}
