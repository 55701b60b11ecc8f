package dev.myelin.nn.functional;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class AttentionTest extends ScopedTest {
    /** softmax(q k^T / sqrt(d) + mask) v for one [L, d] / [S, d] / [S, dv] slice, in double. */
    static double[] reference(float[] q, float[] k, float[] v, float[] mask, int l, int s, int d, int dv) {
        double[] out = new double[l * dv];
        for (int i = 0; i < l; i++) {
            double[] score = new double[s];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) q[i * d + c] * k[j * d + c];
                }
                score[j] = dot / Math.sqrt(d) + (mask == null ? 0 : mask[i * s + j]);
                max = Math.max(max, score[j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                score[j] = Math.exp(score[j] - max);
                sum += score[j];
            }
            for (int j = 0; j < s; j++) {
                for (int c = 0; c < dv; c++) {
                    out[i * dv + c] += score[j] / sum * v[j * dv + c];
                }
            }
        }
        return out;
    }

    @Test
    void forwardMatchesAPlainJavaReferenceForEachBatchEntry() {
        int l = 3;
        int s = 4;
        int d = 5;
        int dv = 2;
        Tensor q = Tensor.randn(1, 2, 3, l, d);
        Tensor k = Tensor.randn(2, 2, 3, s, d);
        Tensor v = Tensor.randn(3, 2, 3, s, dv);
        AttentionMask causal = AttentionMask.causal(l, s);
        Tensor out = Attention.scaledDotProduct(q, k, v, causal).output();
        assertArrayEquals(new int[] {2, 3, l, dv}, out.shape());
        float[] mask = causal.additive().toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                double[] want = reference(q.select(0, b).select(0, h).toFloatArray(), k.select(0, b).select(0, h).toFloatArray(),
                        v.select(0, b).select(0, h).toFloatArray(), mask, l, s, d, dv);
                float[] got = out.select(0, b).select(0, h).toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5, "batch " + b + " head " + h + " element " + i);
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithAndWithoutMasks() {
        Tensor pad = Tensor.of(new float[] {0, 0, 1, 0, 1, 1}, 2, 3);
        AttentionMask padding = AttentionMask.keyPadding(pad); // [2, 1, 1, 3] over [2, heads, L, S]
        Tensor bias = Tensor.randn(9, 4, 3);
        GradCheck.check("attention", in -> Attention.scaledDotProduct(in[0], in[1], in[2], null).output(), 1e-2, 1e-2,
                input(1, 2, 4, 3), input(2, 2, 3, 3), input(3, 2, 3, 2));
        GradCheck.check("attention with padding and float masks",
                in -> Attention.scaledDotProduct(in[0], in[1], in[2], AttentionMask.combine(padding, AttentionMask.additive(bias)))
                        .output(), 1e-2, 1e-2, input(4, 2, 2, 4, 3), input(5, 2, 2, 3, 3), input(6, 2, 2, 3, 2));
        GradCheck.check("attention weights", in -> Attention.weights("attention", in[0], in[1], AttentionMask.causal(4, 3)),
                1e-2, 1e-2, input(7, 4, 3), input(8, 3, 3));
    }

    @Test
    void paddedKeysGetNoWeightAndFullyMaskedRowsAreZeroNotNaN() {
        Tensor q = input(1, 2, 3, 4);
        Tensor k = input(2, 2, 3, 4);
        Tensor v = input(3, 2, 3, 2);
        // batch 0: key 2 is padding; batch 1: every key is padding
        Tensor pad = Tensor.of(new float[] {0, 0, 1, 1, 1, 1}, 2, 3);
        Attention.Result r = Attention.scaledDotProduct("attention", q, k, v,
                AttentionMask.blocking(pad.view(2, 1, 3)), null);
        float[] w = r.weights().toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(0f, w[i * 3 + 2], "padded key of batch 0, query " + i);
            assertEquals(1f, w[i * 3] + w[i * 3 + 1], 1e-6);
        }
        for (int i = 9; i < 18; i++) {
            assertEquals(0f, w[i], "fully masked rows have zero weights");
        }
        float[] out = r.output().toFloatArray();
        for (int i = 6; i < 12; i++) {
            assertEquals(0f, out[i], "fully masked rows attend to nothing");
        }
        r.output().mul(Tensor.randn(4, 2, 3, 2)).sum().backward();
        for (Tensor t : new Tensor[] {q, k, v}) {
            float[] g = t.grad().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertTrue(Float.isFinite(g[i]), "finite gradient");
            }
            for (int i = g.length / 2; i < g.length; i++) {
                assertEquals(0f, g[i], "no gradient through a fully masked batch entry");
            }
        }
    }

    @Test
    void causalMaskLetsQueryISeeKeysUpToI() {
        Tensor w = Attention.weights("attention", Tensor.randn(1, 4, 2), Tensor.randn(2, 4, 2), AttentionMask.causal(4, 4));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                float p = w.getFloat(i, j);
                assertTrue(j > i ? p == 0 : p > 0, "weight (" + i + ", " + j + ") = " + p);
            }
        }
    }

    @Test
    void badShapesAreClearErrors() {
        Tensor q = Tensor.randn(1, 2, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProduct(q, Tensor.randn(2, 2, 5, 3), Tensor.randn(3, 2, 5, 2), null));
        assertTrue(e.getMessage().contains("query [2, 3, 4] has d_k 4 but key [2, 5, 3] has 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProduct(q, Tensor.randn(2, 2, 5, 4), Tensor.randn(3, 2, 4, 2), null));
        assertTrue(e.getMessage().contains("value [2, 4, 2] must be [..., S, d_v]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q, Tensor.randn(2, 2, 5, 4),
                Tensor.randn(3, 2, 5, 2), AttentionMask.causal(3, 4)));
        assertTrue(e.getMessage().contains("mask [3, 4] does not broadcast to the attention scores [2, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProduct(q, Tensor.randn(2, 3, 5, 4), Tensor.randn(3, 3, 5, 2), null));
        assertTrue(e.getMessage().contains("different batch dimensions"), e.getMessage());
    }
}
