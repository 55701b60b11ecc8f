package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Dropout and GaussianNoise: the statistics of training mode, identity in evaluation mode, gradients. */
class DropoutTest extends ScopedTest {
    @Test
    void dropoutWithAFixedMaskHasTheGradientOfAProduct() {
        Tensor mask = Tensor.of(new float[] {2, 0, 2, 2, 0, 0, 2, 0, 2, 2, 2, 0}, 3, 4);
        GradCheck.check("dropout", in -> Dropout.applyMask(in[0], mask), 1e-2, 1e-3, input(1, 3, 4));
        Tensor x = input(2, 3, 4);
        Tensor y = Dropout.applyMask(x, mask);
        float[] xs = x.toFloatArray();
        float[] ms = mask.toFloatArray();
        float[] expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = xs[i] * ms[i];
        }
        assertArrayEquals(expected, y.toFloatArray());
        assertEquals("dropoutBackward", y.gradFn().toString());
        var e = assertThrows(IllegalArgumentException.class, () -> Dropout.applyMask(x, Tensor.ones(4, 3)));
        assertEquals("dropout: mask [4, 3] does not match input [3, 4]", e.getMessage());
    }

    @Test
    void trainingDropsAboutPAndScalesTheRestSoTheMeanIsKept() {
        float p = 0.3f;
        Dropout dropout = new Dropout(p, 7);
        Tensor x = Tensor.rand(3, 200, 100).add(0.5f).requiresGrad(true);
        Tensor y = dropout.forward(x);
        y.sum().backward();
        float[] xs = x.toFloatArray();
        float[] ys = y.toFloatArray();
        float[] gs = x.grad().toFloatArray();
        int dropped = 0;
        for (int i = 0; i < xs.length; i++) {
            if (ys[i] == 0) {
                dropped++;
                assertEquals(0f, gs[i], "gradient of a dropped element");
            } else {
                assertEquals(xs[i] / (1 - p), ys[i], 1e-6f * ys[i]);
                assertEquals(1 / (1 - p), gs[i], 1e-6f, "gradient of a kept element");
            }
        }
        double sigma = Math.sqrt(xs.length * p * (1 - p));
        assertTrue(Math.abs(dropped - xs.length * p) < 4 * sigma, "dropped " + dropped + " of " + xs.length);
    }

    @Test
    void neighbouringElementsAndSuccessiveCallsAreDroppedIndependently() {
        float p = 0.5f;
        Dropout dropout = new Dropout(p, 11);
        Tensor x = Tensor.ones(100_000);
        float[] first = dropout.forward(x).toFloatArray();
        float[] second = dropout.forward(x).toFloatArray();
        int neighbours = 0;
        int repeats = 0;
        for (int i = 0; i + 1 < first.length; i++) {
            neighbours += first[i] == 0 && first[i + 1] == 0 ? 1 : 0;
            repeats += first[i] == 0 && second[i] == 0 ? 1 : 0;
        }
        double expected = (first.length - 1) * p * p;
        double sigma = Math.sqrt(expected * (1 - p * p));
        assertTrue(Math.abs(neighbours - expected) < 5 * sigma, "both neighbours dropped " + neighbours + " times");
        assertTrue(Math.abs(repeats - expected) < 5 * sigma, "dropped in both calls " + repeats + " times");
    }

    @Test
    void evaluationModeAndPZeroPassTheInputThrough() {
        Dropout dropout = new Dropout(0.5f, 1);
        Tensor x = Tensor.randn(1, 4, 5);
        dropout.eval();
        assertSame(x, dropout.forward(x));
        dropout.train();
        assertFalse(Arrays.equals(x.toFloatArray(), dropout.forward(x).toFloatArray()));
        assertSame(x, new Dropout(0f, 1).forward(x));
        for (float v : new Dropout(1f, 1).forward(x).toFloatArray()) {
            assertEquals(0f, v, 0f, "p = 1 drops everything");
        }
    }

    @Test
    void masksAreReproducibleFromTheSeedAndChangeFromCallToCall() {
        Tensor x = Tensor.ones(64);
        Dropout a = new Dropout(0.5f, 42);
        Dropout b = new Dropout(0.5f, 42);
        float[] first = a.forward(x).toFloatArray();
        assertArrayEquals(first, b.forward(x).toFloatArray());
        assertFalse(Arrays.equals(first, a.forward(x).toFloatArray()));
        a.reseed(42);
        assertArrayEquals(first, a.forward(x).toFloatArray());
    }

    @Test
    void badArgumentsNameTheModule() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
        assertEquals("Dropout: p must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Float.NaN));
        Sequential net = new Sequential(new Linear(2, 2, true, 1), new Dropout(0.1f, 1));
        e = assertThrows(IllegalArgumentException.class, () -> net.get(1).forward(Tensor.ofInts(new int[] {1, 2}, 2)));
        assertEquals("Dropout '1': input [2] is int32, expected float32", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1f));
        assertEquals("GaussianNoise: std must be finite and >= 0, got -1.0", e.getMessage());
        assertEquals("Sequential(\n  (0): Linear(in=2, out=2, bias=true)\n  (1): Dropout(p=0.1)\n)", net.toString());
    }

    @Test
    void gaussianNoiseHasTheRequestedSpreadAndAUnitGradient() {
        float std = 0.5f;
        GaussianNoise noise = new GaussianNoise(std, 3);
        Tensor x = Tensor.randn(4, 100, 200).requiresGrad(true);
        Tensor y = noise.forward(x);
        y.sum().backward();
        assertArrayEquals(Tensor.ones(100, 200).toFloatArray(), x.grad().toFloatArray());
        float[] xs = x.toFloatArray();
        float[] ys = y.toFloatArray();
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < xs.length; i++) {
            double d = ys[i] - xs[i];
            sum += d;
            sq += d * d;
        }
        double mean = sum / xs.length;
        double sd = Math.sqrt(sq / xs.length - mean * mean);
        assertEquals(0, mean, 4 * std / Math.sqrt(xs.length));
        assertEquals(std, sd, 0.02);
        GradCheck.check("gaussian_noise", in -> new GaussianNoise(std, 9).forward(in[0]), 1e-2, 1e-3, input(5, 3, 4));
    }

    @Test
    void gaussianNoiseIsOffInEvaluationAndSeeded() {
        Tensor x = Tensor.randn(6, 10);
        GaussianNoise noise = new GaussianNoise(1f, 11);
        float[] first = noise.forward(x).toFloatArray();
        assertArrayEquals(first, new GaussianNoise(1f, 11).forward(x).toFloatArray());
        noise.eval();
        assertSame(x, noise.forward(x));
        assertSame(x, new GaussianNoise(0f, 1).forward(x));
    }
}
