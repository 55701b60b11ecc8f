package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.nn.functional.Pooling;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PoolingTest extends ScopedTest {
    private enum Ref { MAX, AVG_INCLUDE, AVG_EXCLUDE }

    /**
     * Plain-Java pooling with PyTorch's rules, one output at a time: padding never wins a max, the
     * include-pad divisor stops at the declared padding, the exclude-pad divisor counts real elements.
     */
    private static float[] reference(Ref ref, Tensor x, int[] k, int[] s, int[] p, int[] d, int[] outShape) {
        int n = x.size(0) * x.size(1);
        int nd = k.length;
        int[] len = new int[2];
        int[] out = new int[2];
        int[] kk = {1, 1}, ss = {1, 1}, pp = {0, 0}, dd = {1, 1};
        len[0] = 1;
        out[0] = 1;
        for (int i = 0; i < nd; i++) {
            int j = 2 - nd + i;
            len[j] = x.size(2 + i);
            out[j] = outShape[2 + i];
            kk[j] = k[i];
            ss[j] = s[i];
            pp[j] = p[i];
            dd[j] = d[i];
        }
        float[] v = x.toFloatArray();
        float[] y = new float[n * out[0] * out[1]];
        for (int c = 0; c < n; c++) {
            for (int oh = 0; oh < out[0]; oh++) {
                for (int ow = 0; ow < out[1]; ow++) {
                    int h0 = oh * ss[0] - pp[0];
                    int w0 = ow * ss[1] - pp[1];
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    int real = 0;
                    for (int a = 0; a < kk[0]; a++) {
                        for (int b = 0; b < kk[1]; b++) {
                            int h = h0 + a * dd[0], w = w0 + b * dd[1];
                            if (h >= 0 && h < len[0] && w >= 0 && w < len[1]) {
                                float e = v[(c * len[0] + h) * len[1] + w];
                                max = Math.max(max, e);
                                sum += e;
                                real++;
                            }
                        }
                    }
                    int divisor = (Math.min(h0 + kk[0], len[0] + pp[0]) - h0) * (Math.min(w0 + kk[1], len[1] + pp[1]) - w0);
                    y[(c * out[0] + oh) * out[1] + ow] = (float) switch (ref) {
                        case MAX -> max;
                        case AVG_INCLUDE -> sum / divisor;
                        case AVG_EXCLUDE -> sum / real;
                    };
                }
            }
        }
        return y;
    }

    private static void check(String what, Ref ref, Tensor x, int[] k, int[] s, int[] p, int[] d, int[] expectedShape,
            Function<Tensor, Tensor> pool) {
        Tensor y = pool.apply(x);
        assertArrayEquals(expectedShape, y.shape(), what + " shape");
        assertArrayEquals(reference(ref, x, k, s, p, d, y.shape()), y.toFloatArray(), 1e-5f, what);
        GradCheck.check(what, in -> pool.apply(in[0]), 1e-3, 1e-2, x);
    }

    @Test
    void maxPool1dMatchesTheReferenceAndFiniteDifferences() {
        check("max_pool1d k3 s2 p1", Ref.MAX, input(1, 2, 3, 9), new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1},
                new int[] {2, 3, 5}, x -> new MaxPool1d(3, 2, 1, 1, false).forward(x));
        // ceil mode and dilation: extent 5, (10 + 2 - 5 + 2) / 3 + 1 = 4 windows, the last one partly in padding
        check("max_pool1d k3 s3 p1 d2 ceil", Ref.MAX, input(2, 2, 2, 10), new int[] {3}, new int[] {3}, new int[] {1},
                new int[] {2}, new int[] {2, 2, 4}, x -> Pooling.maxPool1d(x, 3, 3, 1, 2, true));
    }

    @Test
    void maxPool2dMatchesTheReferenceAndFiniteDifferences() {
        check("max_pool2d k2", Ref.MAX, input(3, 2, 3, 6, 4), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                new int[] {1, 1}, new int[] {2, 3, 3, 2}, x -> new MaxPool2d(2).forward(x));
        check("max_pool2d k3 s2 p1 ceil", Ref.MAX, input(4, 1, 2, 6, 7), new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 2, 4, 4},
                x -> new MaxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, true)
                        .forward(x));
        check("max_pool2d k(2,3) s(1,2) d(2,1)", Ref.MAX, input(5, 1, 2, 7, 7), new int[] {2, 3}, new int[] {1, 2},
                new int[] {0, 1}, new int[] {2, 1}, new int[] {1, 2, 5, 4},
                x -> Pooling.maxPool2d(x, new int[] {2, 3}, new int[] {1, 2}, new int[] {0, 1}, new int[] {2, 1}, false));
    }

    @Test
    void avgPoolMatchesTheReferenceWithAndWithoutPaddingInTheDivisor() {
        check("avg_pool1d k3 s2 p1", Ref.AVG_INCLUDE, input(6, 2, 2, 8), new int[] {3}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {2, 2, 4}, x -> new AvgPool1d(3, 2, 1, false, true).forward(x));
        check("avg_pool1d exclude pad ceil", Ref.AVG_EXCLUDE, input(7, 2, 2, 8), new int[] {3}, new int[] {2},
                new int[] {1}, new int[] {1}, new int[] {2, 2, 5}, x -> Pooling.avgPool1d(x, 3, 2, 1, true, false));
        check("avg_pool2d k3 s2 p1", Ref.AVG_INCLUDE, input(8, 2, 2, 5, 6), new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {2, 2, 3, 3}, x -> new AvgPool2d(3, 2, 1).forward(x));
        // ceil mode: the last row of windows reaches past the declared padding, where PyTorch's divisor stops;
        // the last column, which would start in the padding, is dropped
        check("avg_pool2d include pad ceil", Ref.AVG_INCLUDE, input(9, 1, 2, 6, 7), new int[] {3, 2}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 2, 4, 4},
                x -> new AvgPool2d(new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1}, true, true).forward(x));
        check("avg_pool2d exclude pad", Ref.AVG_EXCLUDE, input(10, 2, 1, 5, 5), new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {2, 1, 3, 3},
                x -> Pooling.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false, false));
    }

    @Test
    void adaptiveAndGlobalAveragePoolingAreMeansOverBlocks() {
        check("adaptive_avg_pool2d 6x4 -> 3x2", Ref.AVG_INCLUDE, input(11, 2, 3, 6, 4), new int[] {2, 2}, new int[] {2, 2},
                new int[] {0, 0}, new int[] {1, 1}, new int[] {2, 3, 3, 2}, x -> new AdaptiveAvgPool2d(3, 2).forward(x));
        Tensor x = input(12, 2, 3, 4, 5);
        Tensor y = new GlobalAvgPool().forward(x);
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(x.mean(false, 2, 3).toFloatArray(), y.toFloatArray(), 1e-5f);
        GradCheck.check("global_avg_pool 1d", in -> Pooling.globalAvgPool(in[0]), 1e-3, 1e-2, input(13, 2, 2, 7));
    }

    @Test
    void maxPoolGradientGoesToTheArgMax() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 8, 6}, 1, 1, 8).requiresGrad(true);
        Pooling.maxPool1d(x, 2, 2, 0, 1, false).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1, 1, 0}, x.grad().toFloatArray());
    }

    @Test
    void aRepeatedTrainingStepReusesTheCachedPrimitives() {
        MaxPool2d pool = new MaxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 1}, true);
        Runnable step = () -> pool.forward(input(14, 2, 3, 9, 5)).sum().backward();
        step.run();
        int cached = OneDnn.cachedPrimitives();
        long before = OneDnn.executions();
        step.run();
        assertEquals(cached, OneDnn.cachedPrimitives(), "forward (with workspace) and backward primitives are cached");
        assertEquals(before + 2, OneDnn.executions(), "one forward and one backward primitive per step");
    }

    private static void assertRejected(String what, Runnable r, String... parts) {
        long before = OneDnn.executions();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run, what);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), what + ": '" + part + "' not in: " + e.getMessage());
        }
        assertEquals(before, OneDnn.executions(), what + ": no primitive may run on bad input");
    }

    @Test
    void badInputIsAClearErrorBeforeAnyNativeCall() {
        assertRejected("rank", () -> new MaxPool2d(2).forward(Tensor.zeros(3, 8, 8)),
                "MaxPool2d", "expected a 4-d input [N, C, H, W]", "[3, 8, 8]");
        assertRejected("kernel too large", () -> new AvgPool2d(5, 1, 1).forward(Tensor.zeros(1, 1, 2, 8)),
                "AvgPool2d", "[1, 1, 2, 8]", "kernel 5 is larger than the padded input 2 + 2*1 = 4");
        assertRejected("dilated kernel too large", () -> Pooling.maxPool1d(Tensor.zeros(1, 1, 4), 3, 1, 0, 2, false),
                "max_pool1d", "kernel 3 dilated to 5 is larger than the padded input 4");
        assertRejected("zero stride", () -> new MaxPool1d(2, 0, 0, 1, false).forward(Tensor.zeros(1, 2, 6)),
                "MaxPool1d", "stride=0", "[1, 2, 6]");
        // taps at -1 and 1 of a length-1 input: only padding (PyTorch 1.13 corrupts memory here)
        assertRejected("window over padding only", () -> new MaxPool1d(2, 1, 1, 2, false).forward(Tensor.zeros(1, 1, 1)),
                "MaxPool1d", "[1, 1, 1]", "pooling window 0", "covers only padding");
        assertRejected("adaptive, zero size", () -> Pooling.adaptiveAvgPool2d(Tensor.zeros(1, 1, 7, 7), 0, 3),
                "adaptive_avg_pool2d", "output size must be positive");
        assertRejected("global, rank", () -> new GlobalAvgPool().forward(Tensor.zeros(2, 3)), "GlobalAvgPool", "[2, 3]");
    }

    @Test
    void errorsNameTheModulePath() {
        Sequential net = new Sequential(new MaxPool2d(2));
        var e = assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(1, 1, 1, 1)));
        assertTrue(e.getMessage().startsWith("MaxPool2d '0': input [1, 1, 1, 1]"), e.getMessage());
    }
}
