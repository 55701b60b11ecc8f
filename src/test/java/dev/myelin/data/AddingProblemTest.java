package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class AddingProblemTest extends ScopedTest {
    @Test
    void eachSequenceHasTwoMarkersAndTheirSumAsTarget() {
        int steps = 50;
        int size = 200;
        AddingProblem.Batch b = new AddingProblem(steps, 3).next(size);
        assertArrayEquals(new int[] {steps, size, 2}, b.inputs().shape());
        assertArrayEquals(new int[] {size, 1}, b.targets().shape());
        float[] x = b.inputs().toFloatArray();
        float[] y = b.targets().toFloatArray();
        for (int n = 0; n < size; n++) {
            int markers = 0;
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                float value = x[(t * size + n) * 2];
                float marker = x[(t * size + n) * 2 + 1];
                assertTrue(value >= 0 && value < 1, "value " + value);
                assertTrue(marker == 0 || marker == 1, "marker " + marker);
                markers += (int) marker;
                sum += marker * value;
            }
            assertEquals(2, markers, "sequence " + n);
            assertEquals(sum, y[n], 1e-6);
        }
    }

    @Test
    void answeringOneScoresAboutOneSixth() {
        float[] y = new AddingProblem(10, 4).next(20_000).targets().toFloatArray();
        double mse = 0;
        for (float v : y) {
            mse += (v - 1) * (v - 1);
        }
        assertEquals(AddingProblem.CONSTANT_GUESS_MSE, mse / y.length, 0.005);
    }

    @Test
    void reproducibleForASeedAndCheckedArguments() {
        assertArrayEquals(new AddingProblem(7, 9).next(5).inputs().toFloatArray(),
                new AddingProblem(7, 9).next(5).inputs().toFloatArray());
        assertEquals("AddingProblem: sequence length must be at least 2 (two marked steps), got 1",
                assertThrows(IllegalArgumentException.class, () -> new AddingProblem(1, 0)).getMessage());
        assertEquals("AddingProblem: batch size must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> new AddingProblem(5, 0).next(0)).getMessage());
    }
}
