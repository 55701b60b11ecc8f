package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.nn.functional.Normalization;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class NormalizationTest extends ScopedTest {
    private static final float EPS = 1e-5f;

    /** Per-channel (dim 1) mean and biased variance of [N, C, *] in double. */
    private static double[][] channelStats(Tensor x) {
        int n = x.size(0), c = x.size(1), inner = (int) (x.numel() / n / c);
        float[] v = x.toFloatArray();
        double[][] stats = new double[2][c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0, sq = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < inner; i++) {
                    sum += v[(b * c + ch) * inner + i];
                }
            }
            double mean = sum / (n * inner);
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < inner; i++) {
                    double d = v[(b * c + ch) * inner + i] - mean;
                    sq += d * d;
                }
            }
            stats[0][ch] = mean;
            stats[1][ch] = sq / (n * inner);
        }
        return stats;
    }

    private static float[] normalizeChannels(Tensor x, double[] mean, double[] var, float[] w, float[] b) {
        int n = x.size(0), c = x.size(1), inner = (int) (x.numel() / n / c);
        float[] v = x.toFloatArray();
        float[] y = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int ch = i / inner % c;
            y[i] = (float) ((v[i] - mean[ch]) / Math.sqrt(var[ch] + EPS) * w[ch] + b[ch]);
        }
        return y;
    }

    private static void setAll(Tensor t, float[] values) {
        for (int i = 0; i < values.length; i++) {
            t.setFloat(values[i], i);
        }
    }

    @Test
    void batchNorm2dTrainingUsesBatchStatisticsAndUpdatesTheRunningOnesWithTheUnbiasedVariance() {
        BatchNorm2d bn = new BatchNorm2d(3);
        setAll(bn.weight(), new float[] {1.5f, -0.5f, 2f});
        setAll(bn.bias(), new float[] {0.1f, 0.2f, -0.3f});
        Tensor x = input(1, 4, 3, 5, 2).mul(2f).add(0.7f).detach();
        Tensor y = bn.forward(x);
        double[][] s = channelStats(x);
        assertArrayEquals(normalizeChannels(x, s[0], s[1], bn.weight().toFloatArray(), bn.bias().toFloatArray()), y.toFloatArray(), 1e-4f);
        int count = 4 * 5 * 2;
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(0.1 * s[0][ch], bn.runningMean().toFloatArray()[ch], 1e-5);
            assertEquals(0.9 + 0.1 * s[1][ch] * count / (count - 1), bn.runningVar().toFloatArray()[ch], 1e-5);
        }
    }

    @Test
    void batchNormEvaluationUsesTheRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(3);
        setAll(bn.runningMean(), new float[] {0.5f, -1f, 2f});
        setAll(bn.runningVar(), new float[] {0.25f, 4f, 1.5f});
        setAll(bn.weight(), new float[] {2f, 1f, -1f});
        bn.eval();
        Tensor x = input(2, 5, 3, 4).detach();
        float[] expected = normalizeChannels(x, new double[] {0.5, -1, 2}, new double[] {0.25, 4, 1.5},
                new float[] {2, 1, -1}, new float[] {0, 0, 0});
        assertArrayEquals(expected, bn.forward(x).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, bn.runningMean().toFloatArray(), "evaluation leaves them alone");
        Tensor flat = input(3, 6, 3).detach();
        assertArrayEquals(normalizeChannels(flat, new double[] {0.5, -1, 2}, new double[] {0.25, 4, 1.5},
                new float[] {2, 1, -1}, new float[] {0, 0, 0}), bn.forward(flat).toFloatArray(), 1e-4f);
    }

    @Test
    void batchNormGradientsMatchFiniteDifferences() {
        GradCheck.check("batch_norm train [N,C,H,W]", in -> Normalization.batchNorm("bn", in[0], null, null, in[1], in[2], true,
                0.1f, EPS), 1e-2, 1e-2, input(4, 3, 2, 3, 2), input(5, 2), input(6, 2));
        GradCheck.check("batch_norm train [N,C]", in -> Normalization.batchNorm("bn", in[0], null, null, in[1], in[2], true,
                0.1f, EPS), 1e-2, 1e-2, input(7, 5, 3), input(8, 3), input(9, 3));
        Tensor mean = Tensor.of(new float[] {0.2f, -0.3f}, 2);
        Tensor var = Tensor.of(new float[] {0.8f, 1.7f}, 2);
        GradCheck.check("batch_norm eval", in -> Normalization.batchNorm("bn", in[0], mean, var, in[1], in[2], false,
                0.1f, EPS), 1e-2, 1e-2, input(10, 3, 2, 4), input(11, 2), input(12, 2));
        GradCheck.check("batch_norm no affine", in -> Normalization.batchNorm("bn", in[0], null, null, null, null, true,
                0.1f, EPS), 1e-2, 1e-2, input(13, 4, 2, 3));
    }

    @Test
    void layerNormNormalisesEachSampleOverTheTrailingDims() {
        LayerNorm ln = new LayerNorm(3, 4);
        Tensor w = input(20, 3, 4).detach();
        Tensor b = input(21, 3, 4).detach();
        for (int i = 0; i < 12; i++) {
            ln.weight().setFloat(w.toFloatArray()[i], i / 4, i % 4);
            ln.bias().setFloat(b.toFloatArray()[i], i / 4, i % 4);
        }
        Tensor x = input(22, 2, 5, 3, 4).mul(3f).add(1f).detach();
        float[] v = x.toFloatArray();
        float[] expected = new float[v.length];
        for (int row = 0; row < 10; row++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < 12; i++) {
                sum += v[row * 12 + i];
            }
            double mean = sum / 12;
            for (int i = 0; i < 12; i++) {
                sq += (v[row * 12 + i] - mean) * (v[row * 12 + i] - mean);
            }
            for (int i = 0; i < 12; i++) {
                expected[row * 12 + i] = (float) ((v[row * 12 + i] - mean) / Math.sqrt(sq / 12 + EPS) * w.toFloatArray()[i]
                        + b.toFloatArray()[i]);
            }
        }
        Tensor y = ln.forward(x);
        assertArrayEquals(new int[] {2, 5, 3, 4}, y.shape());
        assertArrayEquals(expected, y.toFloatArray(), 1e-4f);
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        GradCheck.check("layer_norm [3,4]", in -> Normalization.layerNorm("ln", in[0], new int[] {3, 4}, in[1], in[2], EPS),
                1e-2, 1e-2, input(30, 2, 3, 4), input(31, 3, 4), input(32, 3, 4));
        GradCheck.check("layer_norm no affine", in -> Normalization.layerNorm("ln", in[0], new int[] {5}, null, null, EPS),
                1e-2, 1e-2, input(33, 3, 5));
    }

    private static void assertRejected(String what, Runnable r, String... parts) {
        long before = OneDnn.executions();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run, what);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), what + ": '" + part + "' not in: " + e.getMessage());
        }
        assertEquals(before, OneDnn.executions(), what + ": no primitive may run on bad input");
    }

    @Test
    void badInputIsAClearErrorBeforeAnyNativeCall() {
        assertRejected("channels", () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 5, 5)),
                "BatchNorm2d", "expected input [N, C, H, W] with C = 3, got [2, 4, 5, 5]");
        assertRejected("rank", () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 4)),
                "BatchNorm1d", "[N, C] or [N, C, L]", "[2, 3, 4, 4]");
        assertRejected("one value per channel", () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)),
                "BatchNorm1d", "more than 1 value per channel", "[1, 3]");
        assertRejected("layer norm shape", () -> new LayerNorm(4, 5).forward(Tensor.zeros(2, 5, 4)),
                "LayerNorm", "input [2, 5, 4] does not end with normalized_shape [4, 5]");
    }
}
