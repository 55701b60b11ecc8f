package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.nn.functional.Attention;
import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiheadAttentionTest extends ScopedTest {
    @Test
    void parametersAreNamedAsPyTorchs() {
        try (MultiheadAttention packed = new MultiheadAttention(8, 2);
             MultiheadAttention separate = new MultiheadAttention(8, 2, 0f, true, 6, 4, true, 1);
             MultiheadAttention noBias = new MultiheadAttention(8, 2, 0f, false, 8, 8, false, 2)) {
            assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                    List.copyOf(packed.namedParameters().keySet()));
            assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight",
                    "out_proj.bias"), List.copyOf(separate.namedParameters().keySet()));
            assertArrayEquals(new int[] {8, 6}, separate.namedParameters().get("k_proj_weight").shape());
            assertEquals(List.of("in_proj_weight", "out_proj.weight"), List.copyOf(noBias.namedParameters().keySet()));
            assertArrayEquals(new float[8], packed.namedParameters().get("out_proj.bias").toFloatArray(), "zero, as PyTorch");
        }
    }

    @Test
    void crossAttentionGradientsMatchFiniteDifferences() {
        try (MultiheadAttention m = new MultiheadAttention(4, 2, 0f, true, 3, 5, true, 3)) {
            Tensor kpm = Tensor.of(new float[] {0, 0, 1, 0, 0, 0}, 2, 3);
            Tensor[] all = {input(1, 2, 2, 4), input(2, 2, 3, 3), input(3, 2, 3, 5)};
            GradCheck.check("mha cross", in -> m.forward(in[0], in[1], in[2], kpm, null, true).output(), 1e-2, 1e-2, all);
            for (Tensor p : m.parameters()) {
                p.setGrad(null);
            }
            Tensor value = Tensor.randn(4, 2, 3, 5); // the weights do not depend on the values
            GradCheck.check("mha weights", in -> m.forward(in[0], in[1], value, kpm, null, true).weights(), 1e-2, 1e-2,
                    all[0], all[1]);
        }
    }

    @Test
    void headAveragedWeightsAreDistributionsAndPaddedKeysGetNone() {
        try (MultiheadAttention m = new MultiheadAttention(8, 4, 0f, true, 8, 8, false, 4)) {
            Tensor x = Tensor.randn(1, 5, 2, 8); // [L, N, E]
            Tensor kpm = Tensor.of(new float[] {0, 0, 0, 0, 1, 0, 0, 1, 1, 1}, 2, 5);
            Attention.Result r = m.forward(x, x, x, kpm, null, true);
            assertArrayEquals(new int[] {5, 2, 8}, r.output().shape());
            assertArrayEquals(new int[] {2, 5, 5}, r.weights().shape());
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 5; i++) {
                    float sum = 0;
                    for (int j = 0; j < 5; j++) {
                        float w = r.weights().getFloat(n, i, j);
                        sum += w;
                        if (kpm.getFloat(n, j) > 0) {
                            assertEquals(0f, w);
                        }
                    }
                    assertEquals(1f, sum, 1e-5);
                }
            }
            assertEquals(null, m.forward(x, x, x, kpm, null, false).weights());
        }
    }

    @Test
    void dropoutActsOnTheWeightsInTrainingModeOnly() {
        try (MultiheadAttention m = new MultiheadAttention(8, 2, 0.5f, true, 8, 8, true, 5)) {
            Tensor x = Tensor.randn(1, 2, 6, 8);
            m.eval();
            float[] a = m.forward(x).toFloatArray();
            assertArrayEquals(a, m.forward(x).toFloatArray(), "evaluation is deterministic");
            m.train();
            float[] b = m.forward(x).toFloatArray();
            assertNotEquals(a[0], b[0]);
            m.reseed(9);
            float[] c = m.forward(x).toFloatArray();
            m.reseed(9);
            assertArrayEquals(c, m.forward(x).toFloatArray(), "the dropout masks follow the module's seed");
        }
    }

    @Test
    void unbatchedInputGivesTheFirstRowOfTheBatchedResult() {
        for (boolean batchFirst : new boolean[] {true, false}) {
            try (MultiheadAttention m = new MultiheadAttention(4, 2, 0f, true, 3, 5, batchFirst, 8)) {
                Tensor q = Tensor.randn(1, 2, 4);
                Tensor k = Tensor.randn(2, 3, 3);
                Tensor v = Tensor.randn(3, 3, 5);
                Tensor pad = Tensor.of(new float[] {0, 1, 0}, 3);
                Attention.Result single = m.forward(q, k, v, pad, null, true);
                int b = batchFirst ? 0 : 1;
                Attention.Result batched = m.forward(q.unsqueeze(b), k.unsqueeze(b), v.unsqueeze(b), pad.view(1, 3), null, true);
                assertArrayEquals(new int[] {2, 4}, single.output().shape());
                assertArrayEquals(new int[] {2, 3}, single.weights().shape());
                assertArrayEquals(batched.output().toFloatArray(), single.output().toFloatArray());
                assertArrayEquals(batched.weights().toFloatArray(), single.weights().toFloatArray());
            }
        }
    }

    @Test
    void returnedWeightsAreTheDroppedOnesThatMultiplyTheValues() {
        try (MultiheadAttention m = new MultiheadAttention(4, 1, 0.5f, true, 4, 4, true, 7)) {
            Tensor x = Tensor.randn(1, 1, 6, 4);
            m.eval();
            float[] kept = m.forward(x, x, x, null, null, true).weights().toFloatArray();
            m.train();
            float[] dropped = m.forward(x, x, x, null, null, true).weights().toFloatArray();
            int zeros = 0;
            for (int i = 0; i < kept.length; i++) {
                if (dropped[i] == 0) {
                    zeros++;
                } else {
                    assertEquals(2 * kept[i], dropped[i], 1e-6, "survivors are scaled by 1 / (1 - p)");
                }
            }
            assertTrue(zeros > 5 && zeros < 31, zeros + " of 36 weights dropped");
        }
    }

    @Test
    void badConfigurationAndInputAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        assertEquals("MultiheadAttention: embed_dim 10 is not divisible by num_heads 3", e.getMessage());
        try (MultiheadAttention m = new MultiheadAttention(8, 2, 0f, true, 6, 8, true, 6)) {
            Tensor q = Tensor.randn(1, 2, 3, 8);
            Tensor k = Tensor.randn(2, 2, 4, 6);
            Tensor v = Tensor.randn(3, 2, 4, 8);
            e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, v, v, null, null, false));
            assertEquals("MultiheadAttention: key [2, 4, 8] has feature size 8, expected 6 ([N, length, 6])", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, Tensor.randn(2, 3, 4, 6), v, null, null, false));
            assertTrue(e.getMessage().startsWith("MultiheadAttention: query [2, 3, 8], key [3, 4, 6] and value [2, 4, 8] must "
                    + "have the same batch size"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.forward(q, k, v, Tensor.zeros(2, 3), null, false));
            assertEquals("MultiheadAttention: key_padding_mask [2, 3] must be [N, S] = [2, 4]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(q, k, v, null, AttentionMask.causal(4, 4), false));
            assertEquals("MultiheadAttention: attn_mask [4, 4] must be [L, S] = [3, 4] or [N * num_heads, L, S] = [4, 3, 4]",
                    e.getMessage());
        }
    }
}
