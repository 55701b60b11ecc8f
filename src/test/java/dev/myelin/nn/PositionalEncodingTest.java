package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class PositionalEncodingTest extends ScopedTest {
    @Test
    void sinusoidalTableFollowsTheFormula() {
        try (SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(50, 6, true)) {
            Tensor table = pe.namedBuffers().get("pe");
            assertArrayEquals(new int[] {50, 6}, table.shape());
            for (int pos : new int[] {0, 1, 7, 49}) {
                for (int i = 0; i < 3; i++) {
                    double angle = pos / Math.pow(10000, 2.0 * i / 6);
                    assertEquals(Math.sin(angle), table.getFloat(pos, 2 * i), 1e-6, "PE(" + pos + ", " + 2 * i + ")");
                    assertEquals(Math.cos(angle), table.getFloat(pos, 2 * i + 1), 1e-6, "PE(" + pos + ", " + (2 * i + 1) + ")");
                }
            }
            assertEquals(0, pe.parameters().size(), "nothing to learn");
        }
    }

    @Test
    void addsPositionsAlongTheSequenceDimensionInEitherLayout() {
        try (SinusoidalPositionalEncoding batchFirst = new SinusoidalPositionalEncoding(8, 4, true);
             SinusoidalPositionalEncoding seqFirst = new SinusoidalPositionalEncoding(8, 4, false)) {
            Tensor x = Tensor.randn(1, 2, 3, 4); // [N, L, d]
            Tensor a = batchFirst.forward(x);
            Tensor b = seqFirst.forward(x.transpose(0, 1)).transpose(0, 1);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertEquals(x.getFloat(1, 2, 1) + (float) Math.cos(2), a.getFloat(1, 2, 1), 1e-6);
        }
    }

    @Test
    void learnedEmbeddingReceivesGradientsOnTheUsedPositionsOnly() {
        try (LearnedPositionalEmbedding pe = new LearnedPositionalEmbedding(5, 2, true, 3)) {
            Tensor x = Tensor.randn(1, 4, 3, 2).requiresGrad(true);
            pe.forward(x).sum().backward();
            assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4, 0, 0, 0, 0}, pe.weight().grad().toFloatArray());
            assertArrayEquals(new float[24], x.grad().sub(1).toFloatArray(), 0f);
        }
    }

    @Test
    void aSequenceLongerThanTheTableIsAClearError() {
        try (SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 2, true);
             LearnedPositionalEmbedding learned = new LearnedPositionalEmbedding(4, 2, false, 1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(1, 5, 2)));
            assertEquals("SinusoidalPositionalEncoding: sequence length 5 of input [1, 5, 2] exceeds max_len 4", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> learned.forward(Tensor.zeros(6, 1, 2)));
            assertEquals("LearnedPositionalEmbedding: sequence length 6 of input [6, 1, 2] exceeds max_len 4", e.getMessage());
        }
    }
}
