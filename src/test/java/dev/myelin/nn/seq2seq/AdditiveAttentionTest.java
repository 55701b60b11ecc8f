package dev.myelin.nn.seq2seq;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdditiveAttentionTest extends ScopedTest {
    private static final float[] MASK = {0, 0, 0, 1, 1, /* row 1 */ 0, 0, 0, 0, 0, /* row 2 */ 0, 1, 1, 1, 1};

    @Test
    void weightsSumToOneAndIgnoreMaskedPositions() {
        try (AdditiveAttention attention = new AdditiveAttention(4, 6, 5, 1)) {
            Tensor query = Tensor.randn(1, 3, 4);
            Tensor keys = Tensor.randn(2, 3, 5, 6);
            Tensor mask = Tensor.of(MASK, 3, 5);
            AdditiveAttention.Result r = attention.attend(query, keys, mask);
            assertArrayEquals(new int[] {3, 5}, r.weights().shape());
            assertArrayEquals(new int[] {3, 6}, r.context().shape());
            float[] w = r.weights().toFloatArray();
            for (int row = 0; row < 3; row++) {
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    sum += w[row * 5 + j];
                    if (MASK[row * 5 + j] != 0) {
                        assertEquals(0f, w[row * 5 + j], "masked position " + j + " of row " + row);
                    }
                }
                assertEquals(1, sum, 1e-6);
            }
            assertArrayEquals(keys.select(0, 2).select(0, 0).toFloatArray(), r.context().select(0, 2).toFloatArray(), 1e-6f,
                    "one unmasked position: the context is that key");
            // what lies under the mask cannot matter
            Tensor changed = keys.add(Tensor.of(MASK, 3, 5).unsqueeze(2).mul(100f));
            assertArrayEquals(r.context().toFloatArray(), attention.attend(query, changed, mask).context().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void scoresMatchAPlainJavaReference() {
        int n = 2, s = 3, dq = 4, dk = 5, a = 6;
        try (AdditiveAttention attention = new AdditiveAttention(dq, dk, a, 2)) {
            Tensor query = Tensor.randn(1, n, dq);
            Tensor keys = Tensor.randn(2, n, s, dk);
            float[] got = attention.scores(query, attention.projectKeys(keys)).toFloatArray();
            float[] ws = attention.query().weight().toFloatArray();
            float[] wh = attention.key().weight().toFloatArray();
            float[] b = attention.key().bias().toFloatArray();
            float[] v = attention.score().weight().toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    double score = 0;
                    for (int u = 0; u < a; u++) {
                        double pre = b[u];
                        for (int k = 0; k < dq; k++) {
                            pre += ws[u * dq + k] * query.getFloat(i, k);
                        }
                        for (int k = 0; k < dk; k++) {
                            pre += wh[u * dk + k] * keys.getFloat(i, j, k);
                        }
                        score += v[u] * Math.tanh(pre);
                    }
                    assertEquals(score, got[i * s + j], 1e-5 * Math.max(1, Math.abs(score)), "score " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (AdditiveAttention attention = new AdditiveAttention(3, 4, 3, 3)) {
            Tensor mask = Tensor.of(new float[] {0, 0, 1, 0, 0, 0}, 2, 3);
            List<Tensor> inputs = new ArrayList<>(List.of(input(1, 2, 3), input(2, 2, 3, 4)));
            inputs.addAll(attention.parameters());
            GradCheck.check("additive attention", in -> {
                AdditiveAttention.Result r = attention.attend(in[0], in[1], mask);
                return dev.myelin.ops.Ops.concat(1, r.context(), r.weights());
            }, 1e-2, 1e-2, inputs.toArray(Tensor[]::new));
        }
    }

    @Test
    void badMasksAreRejectedWithAClearMessage() {
        try (AdditiveAttention attention = new AdditiveAttention(4, 6, 5, 1)) {
            Tensor query = Tensor.randn(1, 3, 4);
            Tensor keys = Tensor.randn(2, 3, 5, 6);
            var e = assertThrows(IllegalArgumentException.class, () -> attention.attend(query, keys, Tensor.zeros(3, 4)));
            assertEquals("AdditiveAttention: padding mask [3, 4] float32 must be a float32 0/1 tensor [3, 5] "
                    + "(batch, source length)", e.getMessage());
            float[] m = new float[15];
            java.util.Arrays.fill(m, 5, 10, 1);
            e = assertThrows(IllegalArgumentException.class, () -> attention.attend(query, keys, Tensor.of(m, 3, 5)));
            assertEquals("AdditiveAttention: padding mask row 1 masks all 5 source positions; nothing is left to attend to",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> attention.attend(Tensor.randn(1, 2, 4), keys, null));
            assertEquals("AdditiveAttention: query [2, 4] and projected keys [3, 5, 5] must be [batch, 4] and "
                    + "[batch, source length, 5] with the same batch", e.getMessage());
        }
    }
}
