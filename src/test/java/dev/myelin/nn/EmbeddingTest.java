package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class EmbeddingTest extends ScopedTest {
    @Test
    void looksUpRowsForIdsOfAnyShape() {
        try (Embedding emb = new Embedding(5, 3, -1, 1)) {
            float[] w = emb.weight().toFloatArray();
            int[] ids = {4, 0, 4, 2, 1, 3};
            Tensor out = emb.forward(Tensor.ofInts(ids, 2, 3));
            assertArrayEquals(new int[] {2, 3, 3}, out.shape());
            float[] o = out.toFloatArray();
            for (int i = 0; i < ids.length; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(w[ids[i] * 3 + k], o[i * 3 + k]);
                }
            }
            assertArrayEquals(new int[] {3}, emb.forward(Tensor.ofLongs(new long[] {2}).view(new int[0])).shape());
        }
    }

    @Test
    void gradientAddsUpOverRepeatedIdsAndSkipsThePaddingRow() {
        try (Embedding emb = new Embedding(4, 2, 0, 2)) {
            assertArrayEquals(new float[] {0, 0}, emb.weight().select(0, 0).toFloatArray(), "padding row starts at zero");
            Tensor ids = Tensor.ofInts(new int[] {1, 0, 1, 3, 1}, 5);
            Tensor upstream = Tensor.arange(10).view(5, 2);
            emb.forward(ids).mul(upstream).sum().backward();
            // row 1 is used at positions 0, 2, 4: (0+4+8, 1+5+9); row 3 at position 3; row 0 is padding; row 2 unused
            assertArrayEquals(new float[] {0, 0, 12, 15, 0, 0, 6, 7}, emb.weight().grad().toFloatArray());
        }
    }

    @Test
    void gradientAgreesWithFiniteDifferences() {
        Tensor weight = GradCheck.input(3, 6, 4);
        Tensor ids = Tensor.ofInts(new int[] {5, 1, 1, 0, 3, 5}, 2, 3);
        GradCheck.check("embedding", in -> Ops.embedding(in[0], ids, -1), 1e-2, 1e-3, weight);
    }

    @Test
    void pretrainedVectorsAreCopiedAndCanBeFrozen() {
        Tensor vectors = Tensor.randn(4, 3, 2);
        try (Embedding frozen = Embedding.fromPretrained(vectors, true);
             Embedding trainable = Embedding.fromPretrained(vectors, false)) {
            assertArrayEquals(vectors.toFloatArray(), frozen.weight().toFloatArray());
            assertFalse(frozen.weight().requiresGrad());
            assertTrue(trainable.weight().requiresGrad());
        }
    }

    @Test
    void badIdsAndArgumentsAreRefused() {
        try (Embedding emb = new Embedding(5, 3, -1, 1)) {
            var e = assertThrows(IndexOutOfBoundsException.class, () -> emb.forward(Tensor.ofInts(new int[] {1, 5}, 2)));
            assertEquals("embedding: index 5 at position 1 is out of range [0, 5)", e.getMessage());
            var f = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new float[] {1}, 1)));
            assertTrue(f.getMessage().startsWith("embedding: index must be int32 or int64, got float32"), f.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        var p = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3, 0));
        assertEquals("Embedding: padding_idx 3 is out of range [0, 3)", p.getMessage());
    }
}
