package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.ReverseTask;
import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformerTest extends ScopedTest {
    private static final TransformerSettings SMALL = TransformerSettings.of(8, 2).dimFeedforward(16).batchFirst(true);

    @Test
    void layerParametersAreNamedAsPyTorchs() {
        List<String> attention = List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
        try (TransformerEncoderLayer enc = new TransformerEncoderLayer(SMALL, 1);
             TransformerDecoderLayer dec = new TransformerDecoderLayer(SMALL, 2);
             TransformerEncoder stack = new TransformerEncoder(SMALL, 2, true, 3)) {
            List<String> encNames = new java.util.ArrayList<>(attention.stream().map(n -> "self_attn." + n).toList());
            encNames.addAll(List.of("linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight",
                    "norm1.bias", "norm2.weight", "norm2.bias"));
            assertEquals(encNames, List.copyOf(enc.namedParameters().keySet()));
            assertEquals(18, dec.namedParameters().size(), "self_attn, multihead_attn, linear1, linear2, norm1-3");
            assertTrue(dec.namedParameters().containsKey("multihead_attn.out_proj.weight"));
            assertTrue(dec.namedParameters().containsKey("norm3.bias"));
            assertTrue(stack.namedParameters().containsKey("layers.1.self_attn.in_proj_weight"));
            assertTrue(stack.namedParameters().containsKey("norm.weight"));
        }
    }

    @Test
    void dropoutMakesTrainingModeRandomAndEvaluationDeterministic() {
        try (TransformerEncoderLayer layer = new TransformerEncoderLayer(SMALL.dropout(0.3f), 4)) {
            Tensor x = Tensor.randn(1, 2, 5, 8);
            float[] train = layer.forward(x).toFloatArray();
            layer.eval();
            float[] eval = layer.forward(x).toFloatArray();
            assertArrayEquals(eval, layer.forward(x).toFloatArray());
            assertFalse(Arrays.equals(train, eval));
        }
    }

    @Test
    void badInputIsAClearErrorNamingTheModule() {
        var e = assertThrows(IllegalArgumentException.class, () -> TransformerSettings.of(10, 4));
        assertEquals("Transformer: d_model 10 is not divisible by nhead 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(SMALL, 0, true, 1));
        assertEquals("TransformerEncoder: num_layers must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TransformerDecoder(SMALL, -1, false, 1));
        assertEquals("TransformerDecoder: num_layers must be positive, got -1", e.getMessage());
        try (Transformer model = new Transformer(6, 6, 5, SMALL, 1, 1, 5)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(Tensor.ofLongs(new long[6], 2, 3), Tensor.ofLongs(new long[3], 1, 3)));
            assertEquals("Transformer: source [2, 3] and target [1, 3] have different batch sizes", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(Tensor.ofLongs(new long[12], 2, 6), Tensor.ofLongs(new long[6], 2, 3)));
            assertEquals("SinusoidalPositionalEncoding 'pos': sequence length 6 of input [2, 6, 8] exceeds max_len 5",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
            assertTrue(e.getMessage().startsWith("Transformer: source ids [2, 3] float32 must be int32/int64"), e.getMessage());
        }
        try (TransformerDecoderLayer layer = new TransformerDecoderLayer(SMALL, 7)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(Tensor.zeros(2, 3, 8), Tensor.zeros(3, 4, 8), DecoderMasks.causal(3)));
            assertTrue(e.getMessage().startsWith("MultiheadAttention 'multihead_attn': query [2, 3, 8], key [3, 4, 8] and "
                    + "value [3, 4, 8] must have the same batch size"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(Tensor.zeros(2, 3, 8), Tensor.zeros(2, 4, 8), DecoderMasks.causal(4)));
            assertEquals("MultiheadAttention 'self_attn': attn_mask [4, 4] must be [L, S] = [3, 3] or [N * num_heads, L, S] "
                    + "= [4, 3, 3]", e.getMessage());
        }
        try (TransformerEncoderLayer layer = new TransformerEncoderLayer(SMALL, 6)) {
            e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(2, 3, 6)));
            assertEquals("MultiheadAttention 'self_attn': query [2, 3, 6] has feature size 6, expected 8 ([N, length, 8])",
                    e.getMessage());
        }
    }

    @Test
    void learnsToReverseShortSequences() {
        ReverseTask task = new ReverseTask(6, 4, 7);
        TransformerSettings s = TransformerSettings.of(32, 4).dimFeedforward(64).dropout(0f);
        try (Transformer model = new Transformer(6, 6, 4, s, 1, 1, 8); Adam adam = new Adam(model.parameters(), 3e-3)) {
            for (int step = 0; step < 100; step++) {
                try (Scope st = Scope.open("step")) {
                    ReverseTask.Batch b = task.next(32);
                    Losses.crossEntropy(model.forward(b.source(), b.decoderInput()).reshape(-1, 6), b.target().reshape(-1))
                            .backward();
                    adam.step();
                    adam.zeroGrad();
                }
            }
            model.eval();
            ReverseTask.Batch test = new ReverseTask(6, 4, 99).next(100);
            long[] got = model.greedyDecode(test.source(), ReverseTask.START, 4).toLongArray();
            long[] want = test.target().toLongArray();
            int right = 0;
            for (int i = 0; i < got.length; i++) {
                right += got[i] == want[i] ? 1 : 0;
            }
            assertTrue(right >= 0.95 * got.length, "greedy token accuracy " + right + " / " + got.length);
        }
    }
}
