package dev.myelin.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitTest extends ScopedTest {
    /** Mean and standard deviation of the values, in double. */
    private static double[] stats(Tensor t) {
        float[] v = t.toFloatArray();
        double sum = 0;
        double sumSq = 0;
        for (float x : v) {
            sum += x;
            sumSq += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sumSq / v.length - mean * mean)};
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toFloatArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void fansFollowTorchFor2dAnd4dShapes() {
        assertEquals(new Fans(784, 10), Fans.of(10, 784));             // Linear weight [out, in]
        assertEquals(new Fans(3 * 5 * 5, 16 * 5 * 5), Fans.of(16, 3, 5, 5)); // Conv2d weight [out, in, kh, kw]
        assertEquals(new Fans(4 * 3, 8 * 3), Fans.of(8, 4, 3));
        assertEquals(75, Fans.of(16, 3, 5, 5).get(FanMode.FAN_IN));
        assertEquals(400, Fans.of(16, 3, 5, 5).get(FanMode.FAN_OUT));
        var e = assertThrows(IllegalArgumentException.class, () -> Fans.of(5));
        assertEquals("init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got [5]",
                e.getMessage());
    }

    @Test
    void gainsMatchTorch() {
        assertEquals(1f, Init.calculateGain(Nonlinearity.LINEAR));
        assertEquals(1f, Init.calculateGain(Nonlinearity.CONV2D));
        assertEquals(1f, Init.calculateGain(Nonlinearity.SIGMOID));
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH), 1e-6);
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU), 1e-6);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU), 1e-6);
        assertEquals(Math.sqrt(2 / (1 + 0.2 * 0.2)), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2f), 1e-6);
        assertEquals(Math.sqrt(1.0 / 3), Init.calculateGain(Nonlinearity.LEAKY_RELU, (float) Math.sqrt(5)), 1e-6);
        assertEquals(0.75f, Init.calculateGain(Nonlinearity.SELU));
    }

    @Test
    void uniformAndNormalHaveTheirStatisticsAndRespectTheSeed() {
        Tensor u = Init.uniform(Tensor.empty(200, 300), -2f, 3f, 1);
        double[] su = stats(u);
        assertEquals(0.5, su[0], 0.02);
        assertEquals(5 / Math.sqrt(12), su[1], 0.01 * 5 / Math.sqrt(12));
        for (float v : u.toFloatArray()) {
            assertTrue(v >= -2f && v <= 3f, "out of range: " + v);
        }
        Tensor n = Init.normal(Tensor.empty(200, 300), 1.5f, 0.5f, 2);
        double[] sn = stats(n);
        assertEquals(1.5, sn[0], 0.01);
        assertEquals(0.5, sn[1], 0.01 * 0.5);
        assertArrayEquals(n.toFloatArray(), Init.normal(Tensor.empty(200, 300), 1.5f, 0.5f, 2).toFloatArray());
        assertFalse(Arrays.equals(n.toFloatArray(), Init.normal(Tensor.empty(200, 300), 1.5f, 0.5f, 3).toFloatArray()));
    }

    @Test
    void xavierUsesBothFans() {
        Tensor w = Tensor.empty(300, 500);
        double std = 2 * Math.sqrt(2.0 / (300 + 500));
        Init.xavierUniform(w, 2f, 4);
        assertTrue(maxAbs(w) <= Math.sqrt(3) * std + 1e-6);
        assertEquals(std, stats(w)[1], 0.02 * std);
        Init.xavierNormal(w, 2f, 5);
        assertEquals(std, stats(w)[1], 0.02 * std);
        assertEquals(0, stats(w)[0], 0.02 * std);
    }

    @Test
    void kaimingScalesByTheChosenFanAndGain() {
        Tensor conv = Tensor.empty(64, 32, 3, 3); // fan_in 288, fan_out 576
        Init.kaimingNormal(conv, 0, FanMode.FAN_IN, Nonlinearity.RELU, 6);
        assertEquals(Math.sqrt(2.0 / 288), stats(conv)[1], 0.02 * Math.sqrt(2.0 / 288));
        Init.kaimingNormal(conv, 0, FanMode.FAN_OUT, Nonlinearity.RELU, 6);
        assertEquals(Math.sqrt(2.0 / 576), stats(conv)[1], 0.02 * Math.sqrt(2.0 / 576));
        Init.kaimingUniform(conv, 0.2f, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, 7);
        double gain = Math.sqrt(2 / (1 + 0.04));
        double bound = gain * Math.sqrt(3.0 / 288);
        assertTrue(maxAbs(conv) <= bound + 1e-6);
        assertTrue(maxAbs(conv) > 0.99 * bound); // the whole interval is used
        assertEquals(bound / Math.sqrt(3), stats(conv)[1], 0.02 * bound / Math.sqrt(3));
    }

    @Test
    void lecunIsKaimingWithGainOne() {
        Tensor w = Tensor.empty(400, 250);
        Init.lecunNormal(w, 8);
        assertEquals(1 / Math.sqrt(250), stats(w)[1], 0.02 / Math.sqrt(250));
        Init.lecunUniform(w, 9);
        assertTrue(maxAbs(w) <= Math.sqrt(3.0 / 250) + 1e-6);
        assertEquals(1 / Math.sqrt(250), stats(w)[1], 0.02 / Math.sqrt(250));
    }

    @Test
    void deterministicFillsAndEye() {
        assertArrayEquals(new float[] {0, 0, 0}, Init.zeros(Tensor.full(4f, 3)).toFloatArray());
        assertArrayEquals(new float[] {1, 1}, Init.ones(Tensor.empty(2)).toFloatArray());
        assertArrayEquals(new float[] {2.5f, 2.5f}, Init.constant(Tensor.empty(2), 2.5f).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Init.eye(Tensor.full(9f, 2, 3)).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, Init.eye(Tensor.full(9f, 3, 2)).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Init.eye(Tensor.empty(2, 2, 2)));
        assertEquals("eye: only 2-D tensors are supported, got [2, 2, 2]", e.getMessage());
    }

    @Test
    void fillsViewsAndParametersInPlaceWithoutRecording() {
        Tensor base = Tensor.zeros(3, 4);
        Tensor view = base.t();                 // non-contiguous
        Init.eye(view);                         // view [4, 3]: ones at (0,0), (1,1), (2,2)
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, base.toFloatArray());
        Tensor p = Tensor.zeros(5, 5).requiresGrad(true);
        assertSame(p, Init.kaimingUniform(p, 0, FanMode.FAN_IN, Nonlinearity.RELU, 1));
        assertNull(p.gradFn());
        assertTrue(p.requiresGrad());
    }

    @Test
    void badArgumentsAreClearErrors() {
        var bounds = assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.empty(2), 1f, -1f, 0));
        assertEquals("uniform: need finite bounds with a <= b, got a=1.0, b=-1.0", bounds.getMessage());
        var std = assertThrows(IllegalArgumentException.class, () -> Init.normal(Tensor.empty(2), 0f, -1f, 0));
        assertEquals("normal: need a finite mean and std >= 0, got mean=0.0, std=-1.0", std.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class, () -> Init.zeros(Tensor.ofInts(new int[2], 2)));
        assertEquals("constant: expected a float32 tensor, got int32 [2]", dtype.getMessage());
        var fan = assertThrows(IllegalArgumentException.class,
                () -> Init.kaimingNormal(Tensor.empty(3, 0), 0, FanMode.FAN_IN, Nonlinearity.RELU, 0));
        assertEquals("kaimingNormal: fan is 0 for shape [3, 0]; nothing to scale by", fan.getMessage());
    }
}
