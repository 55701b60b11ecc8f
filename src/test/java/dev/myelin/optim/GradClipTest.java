package dev.myelin.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest extends ScopedTest {
    private static Tensor withGrad(float[] grad, int... shape) {
        Tensor p = Tensor.zeros(shape).requiresGrad(true);
        p.setGrad(Tensor.of(grad, shape));
        return p;
    }

    @Test
    void clipGradNormScalesAllGradientsByOneFactor() {
        float[] ga = {3, -4, 1, 2};
        float[] gb = {-2, 6};
        Tensor a = withGrad(ga, 2, 2);
        Tensor b = withGrad(gb, 2);
        Tensor none = Tensor.ones(3).requiresGrad(true); // no gradient: skipped
        double expectedNorm = Math.sqrt(9 + 16 + 1 + 4 + 4 + 36);
        double norm = GradClip.clipGradNorm(List.of(a, none, b), 2.0);
        assertEquals(expectedNorm, norm, 1e-9);
        double coef = 2.0 / (expectedNorm + 1e-6); // PyTorch's clip_coef
        assertArrayEquals(scaled(ga, coef), a.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(scaled(gb, coef), b.grad().toFloatArray(), 1e-6f);
        double after = 0;
        for (Tensor p : List.of(a, b)) {
            for (float v : p.grad().toFloatArray()) {
                after += v * v;
            }
        }
        assertEquals(2.0, Math.sqrt(after), 1e-5);
        assertEquals(null, none.grad());
    }

    @Test
    void clipGradNormLeavesSmallGradientsAlone() {
        Tensor a = withGrad(new float[] {0.3f, -0.4f}, 2);
        assertEquals(0.5, GradClip.clipGradNorm(List.of(a), 1.0), 1e-7);
        assertArrayEquals(new float[] {0.3f, -0.4f}, a.grad().toFloatArray());
    }

    @Test
    void clipGradValueClampsEachElement() {
        Tensor a = withGrad(new float[] {-3, -0.5f, 0, 0.25f, 7}, 5);
        GradClip.clipGradValue(List.of(a), 0.5);
        assertArrayEquals(new float[] {-0.5f, -0.5f, 0, 0.25f, 0.5f}, a.grad().toFloatArray());
    }

    @Test
    void invalidLimitsAreRejected() {
        Tensor a = withGrad(new float[] {1}, 1);
        var norm = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(a), -1));
        assertEquals("clip_grad_norm: max_norm must be >= 0, got -1.0", norm.getMessage());
        var value = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(a), Double.NaN));
        assertEquals("clip_grad_value: clip_value must be >= 0, got NaN", value.getMessage());
        Tensor strided = Tensor.zeros(2, 3).requiresGrad(true);
        strided.setGrad(Tensor.zeros(3, 2).t());
        var view = assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(strided), 1));
        assertTrue(view.getMessage().startsWith("clip_grad: the gradient of a parameter of shape [2, 3] is not contiguous"),
                view.getMessage());
    }

    private static float[] scaled(float[] v, double s) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * s);
        }
        return out;
    }
}
