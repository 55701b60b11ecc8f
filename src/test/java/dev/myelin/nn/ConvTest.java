package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Convolutions;
import dev.myelin.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConvTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.open("test");
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** One configuration: 2-D shapes (1-D ones have H = 1 and padding 0 along H), padding null for "same". */
    private record Config(int n, int c, int h, int w, int o, int kh, int kw, int stride, Integer padding, int dilation,
                          int groups, boolean bias, boolean oneD) {
        int padH() {
            return oneD ? 0 : padding == null ? (dilation * (kh - 1)) / 2 : padding;
        }

        int padW() {
            return padding == null ? (dilation * (kw - 1)) / 2 : padding;
        }

        Tensor run(Tensor x, Tensor wt, Tensor b) {
            if (oneD) {
                return padding == null ? Convolutions.conv1d(x, wt, b, stride, "same", dilation, groups)
                        : Convolutions.conv1d(x, wt, b, stride, padding, dilation, groups);
            }
            return padding == null ? Convolutions.conv2d(x, wt, b, stride, "same", dilation, groups)
                    : Convolutions.conv2d(x, wt, b, stride, padding, dilation, groups);
        }

        int[] xShape() {
            return oneD ? new int[] {n, c, w} : new int[] {n, c, h, w};
        }

        int[] wShape() {
            return oneD ? new int[] {o, c / groups, kw} : new int[] {o, c / groups, kh, kw};
        }
    }

    private static final Config[] CONFIGS = {
        new Config(2, 3, 5, 6, 4, 3, 3, 1, 0, 1, 1, true, false),      // plain
        new Config(1, 2, 7, 6, 3, 3, 2, 2, 1, 1, 1, true, false),      // stride + padding, non-square kernel
        new Config(2, 2, 6, 6, 2, 3, 3, 1, null, 1, 1, false, false),  // "same"
        new Config(1, 2, 6, 5, 2, 2, 2, 1, null, 1, 1, true, false),   // "same" with an even kernel: extra pad after
        new Config(1, 2, 7, 7, 3, 3, 3, 1, 2, 2, 1, true, false),      // dilation
        new Config(2, 4, 5, 5, 6, 3, 3, 1, 1, 1, 2, true, false),      // groups
        new Config(1, 3, 5, 5, 3, 3, 3, 2, 1, 1, 3, false, false),     // depthwise, strided
        new Config(2, 3, 1, 9, 4, 1, 3, 1, 0, 1, 1, true, true),       // 1-D
        new Config(2, 4, 1, 10, 2, 1, 3, 2, 1, 2, 2, true, true),      // 1-D stride, padding, dilation, groups
        new Config(1, 2, 1, 7, 2, 1, 4, 1, null, 1, 1, false, true),   // 1-D "same", even kernel
    };

    /** Channel counts that are not multiples of oneDNN's weight blocks (16), so the padded blocked layout is exercised. */
    private static final Config WIDE = new Config(2, 17, 6, 7, 20, 3, 3, 1, 1, 1, 1, true, false);

    @Test
    void forwardMatchesADirectJavaConvolution() {
        int seed = 10;
        for (Config cfg : java.util.stream.Stream.concat(java.util.Arrays.stream(CONFIGS), java.util.stream.Stream.of(WIDE))
                .toList()) {
            Tensor x = input(seed++, cfg.xShape());
            Tensor wt = input(seed++, cfg.wShape());
            Tensor b = cfg.bias ? input(seed++, cfg.o) : null;
            Tensor y = cfg.run(x, wt, b);
            float[] expected = reference(cfg, x.toFloatArray(), wt.toFloatArray(), b == null ? null : b.toFloatArray());
            int[] shape = y.shape();
            assertEquals(cfg.o, shape[1], cfg.toString());
            float[] got = y.toFloatArray();
            assertEquals(expected.length, got.length, cfg + " output " + java.util.Arrays.toString(shape));
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-4 * Math.max(1, Math.abs(expected[i])), cfg + " element " + i);
            }
            if (cfg.padding == null) {
                assertEquals(cfg.w, shape[shape.length - 1], "\"same\" keeps the size: " + cfg);
            }
        }
    }

    /** Cross-correlation with zero padding, in double; the output size follows PyTorch's formula. */
    private static float[] reference(Config cfg, float[] x, float[] w, float[] b) {
        int h = cfg.oneD ? 1 : cfg.h;
        int kh = cfg.oneD ? 1 : cfg.kh;
        int totalPadH = cfg.padding == null ? (cfg.oneD ? 0 : cfg.dilation * (kh - 1)) : 2 * cfg.padH();
        int totalPadW = cfg.padding == null ? cfg.dilation * (cfg.kw - 1) : 2 * cfg.padW();
        int oh = (h + totalPadH - cfg.dilation * (kh - 1) - 1) / cfg.stride + 1;
        int ow = (cfg.w + totalPadW - cfg.dilation * (cfg.kw - 1) - 1) / cfg.stride + 1;
        int cg = cfg.c / cfg.groups;
        int og = cfg.o / cfg.groups;
        float[] y = new float[cfg.n * cfg.o * oh * ow];
        for (int n = 0; n < cfg.n; n++) {
            for (int o = 0; o < cfg.o; o++) {
                int g = o / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b[o];
                        for (int c = 0; c < cg; c++) {
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < cfg.kw; q++) {
                                    int r = i * cfg.stride + p * cfg.dilation - cfg.padH();
                                    int col = j * cfg.stride + q * cfg.dilation - cfg.padW();
                                    if (r >= 0 && r < h && col >= 0 && col < cfg.w) {
                                        s += (double) x[((n * cfg.c + g * cg + c) * h + r) * cfg.w + col]
                                                * w[((o * cg + c) * kh + p) * cfg.kw + q];
                                    }
                                }
                            }
                        }
                        y[((n * cfg.o + o) * oh + i) * ow + j] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void gradientsOfInputWeightAndBiasMatchFiniteDifferences() {
        int seed = 100;
        for (Config cfg : CONFIGS) {
            Tensor x = input(seed++, cfg.xShape());
            Tensor wt = input(seed++, cfg.wShape());
            if (cfg.bias) {
                Tensor b = input(seed++, cfg.o);
                GradCheck.check("conv " + cfg, in -> cfg.run(in[0], in[1], in[2]), 1e-2, 1e-2, x, wt, b);
            } else {
                GradCheck.check("conv " + cfg, in -> cfg.run(in[0], in[1], null), 1e-2, 1e-2, x, wt);
            }
        }
    }

    @Test
    void onlyTheNeededGradientsAreComputed() {
        Tensor x = input(1, 1, 2, 4, 4);
        Tensor wt = Tensor.randn(2, 3, 2, 3, 3); // no gradient wanted
        Tensor b = input(3, 3);
        Convolutions.conv2d(x, wt, b, 1, 1, 1, 1).sum().backward();
        assertNotNull(x.grad());
        assertNull(wt.grad());
        // d sum / d b[o] = the number of output positions
        assertArrayEquals(new float[] {16, 16, 16}, b.grad().toFloatArray(), 1e-4f);
    }

    @Test
    void wideChannelGradientsMatchAnUnblockedComputation() {
        // the weight gradient of sum(y * w) for a 1x1 kernel is a plain matrix product: dW[o, c] = sum_{n,i,j} g[n,o,i,j] x[n,c,i,j]
        Tensor x = input(7, 2, 17, 5, 5);
        Tensor wt = input(8, 20, 17, 1, 1);
        Tensor g = Tensor.randn(9, 2, 20, 5, 5);
        Convolutions.conv2d(x, wt, null, 1, 0, 1, 1).mul(g).sum().backward();
        Tensor xs = x.detach().permute(1, 0, 2, 3).reshape(17, 50);
        Tensor gs = g.permute(1, 0, 2, 3).reshape(20, 50);
        Tensor expectedW = gs.matmul(xs.t()).reshape(20, 17, 1, 1);
        Tensor expectedX = wt.detach().reshape(20, 17).t().matmul(gs).reshape(17, 2, 5, 5).permute(1, 0, 2, 3);
        assertClose(expectedW.toFloatArray(), wt.grad().toFloatArray());
        assertClose(expectedX.contiguous().toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void primitivesAreCreatedOnceAndReused() {
        Tensor x = input(1, 3, 5, 9, 9);
        Tensor wt = input(2, 6, 5, 3, 3);
        Tensor b = input(3, 6);
        long before = OneDnn.executions();
        Convolutions.conv2d(x, wt, b, 2, 1, 1, 1).sum().backward();
        long firstRuns = OneDnn.executions() - before;
        int cached = OneDnn.cachedPrimitives();
        long runs = OneDnn.executions();
        Convolutions.conv2d(x, wt, b, 2, 1, 1, 1).sum().backward();
        assertEquals(cached, OneDnn.cachedPrimitives(), "the second step creates no primitive");
        // forward, backward data and backward weights, each with its weights reorder, and the
        // activation reorders the chosen layout needs: the same ones every step
        assertEquals(firstRuns, OneDnn.executions() - runs);
        assertTrue(firstRuns >= 6 && firstRuns <= 12, "executions per step: " + firstRuns);
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void badInputFailsWithAClearMessageBeforeAnyNativeCall() {
        Tensor x = Tensor.randn(1, 2, 3, 8, 8);
        Tensor w = Tensor.randn(2, 4, 3, 3, 3);
        long runs = OneDnn.executions();
        assertMessage("conv2d: expected input [N, C, H, W], got input [3, 8, 8], weight [4, 3, 3, 3]",
                () -> Convolutions.conv2d(Tensor.randn(3, 3, 8, 8), w, null, 1, 0, 1, 1));
        assertMessage("conv2d: input has 4 channels but the weight expects 3 (3 per group x 1 groups): input [2, 4, 8, 8], "
                + "weight [4, 3, 3, 3]", () -> Convolutions.conv2d(Tensor.randn(4, 2, 4, 8, 8), w, null, 1, 0, 1, 1));
        assertMessage("conv2d: kernel extent 3 (size 3, dilation 1) is larger than the padded input 2 along spatial dim 0 "
                + "(input [2, 3, 2, 8], weight [4, 3, 3, 3], padding [0, 0])",
                () -> Convolutions.conv2d(Tensor.randn(5, 2, 3, 2, 8), w, null, 1, 0, 1, 1));
        assertMessage("conv2d: kernel extent 5 (size 3, dilation 2) is larger than the padded input 4 along spatial dim 1 "
                + "(input [2, 3, 8, 2], weight [4, 3, 3, 3], padding [1, 1])",
                () -> Convolutions.conv2d(Tensor.randn(5, 2, 3, 8, 2), w, null, 1, 1, 2, 1));
        assertMessage("conv2d: stride and dilation must be positive and padding non-negative, got stride=[0, 0], "
                + "padding=[0, 0], dilation=[1, 1]", () -> Convolutions.conv2d(x, w, null, 0, 0, 1, 1));
        assertMessage("conv2d: padding \"same\" needs stride 1, got stride=[2, 2]",
                () -> Convolutions.conv2d(x, w, null, 2, "same", 1, 1));
        assertMessage("conv2d: bias [3] does not match the 4 output channels of weight [4, 3, 3, 3]; expected [4]",
                () -> Convolutions.conv2d(x, w, Tensor.randn(6, 3), 1, 0, 1, 1));
        assertMessage("conv2d: in channels 3 and out channels 4 must both be divisible by groups=2 "
                + "(input [2, 3, 8, 8], weight [4, 3, 3, 3])", () -> Convolutions.conv2d(x, w, null, 1, 0, 1, 2));
        assertMessage("conv1d: expected weight [out, in/groups, k], got input [2, 3, 8], weight [4, 3, 3, 3]",
                () -> Convolutions.conv1d(Tensor.randn(7, 2, 3, 8), w, null, 1, 0, 1, 1));
        assertMessage("conv2d: padding must be \"same\", \"valid\" or a number, got \"full\"",
                () -> Convolutions.conv2d(x, w, null, 1, "full", 1, 1));
        assertEquals(runs, OneDnn.executions(), "no oneDNN primitive ran for bad input");
    }

    @Test
    void modulesNameTheirPathInErrorsAndCheckSettingsAtConstruction() {
        try (Sequential net = new Sequential(new Conv2d(3, 8, 5, 1, 2, 1, 1, true, 7), new Conv1d(4, 2, 3, 1, 0, 1, 1, true, 8))) {
            long runs = OneDnn.executions();
            assertMessage("Conv2d '0': expected input [N, C, H, W], got input [3, 28, 28], weight [8, 3, 5, 5]",
                    () -> net.children().get(0).forward(Tensor.randn(1, 3, 28, 28)));
            assertMessage("Conv2d '0': input has 1 channels but the weight expects 3 (3 per group x 1 groups): "
                    + "input [2, 1, 28, 28], weight [8, 3, 5, 5]", () -> net.children().get(0).forward(Tensor.randn(1, 2, 1, 28, 28)));
            assertMessage("Conv1d '1': kernel extent 3 (size 3, dilation 1) is larger than the padded input 2 along spatial dim 0 "
                    + "(input [1, 4, 2], weight [2, 4, 3], padding [0])", () -> net.children().get(1).forward(Tensor.randn(1, 1, 4, 2)));
            assertEquals(runs, OneDnn.executions(), "no oneDNN primitive ran for bad input");
        }
        assertMessage("Conv2d: kernel_size, stride and dilation must be positive and padding non-negative, got kernel_size=[3, 3], "
                + "stride=[-1, -1], padding=[0, 0], dilation=[1, 1]", () -> new Conv2d(1, 1, 3, -1, 0, 1, 1, true));
        assertMessage("Conv1d: in_channels 3 and out_channels 4 must both be divisible by groups=2",
                () -> new Conv1d(3, 4, 3, 1, 0, 1, 2, true));
        assertMessage("Conv2d: padding \"same\" needs stride 1, got stride=[2, 2]",
                () -> new Conv2d(1, 1, 3, 2, "same", 1, 1, true, 0));
    }

    @Test
    void moduleInitialisationIsPyTorchsAndSeeded() {
        try (Conv2d a = new Conv2d(4, 6, 3, 1, 1, 1, 2, true, 42); Conv2d b = new Conv2d(4, 6, 3, 1, 1, 1, 2, true, 42)) {
            assertArrayEquals(new int[] {6, 2, 3, 3}, a.weight().shape());
            double bound = 1 / Math.sqrt(2 * 3 * 3); // fan_in = in/groups * kH * kW
            for (Tensor p : new Tensor[] {a.weight(), a.bias()}) {
                float[] v = p.toFloatArray();
                double max = 0;
                for (float f : v) {
                    max = Math.max(max, Math.abs(f));
                }
                assertTrue(max <= bound && max > 0.7 * bound, "values fill U(-" + bound + ", " + bound + "), max " + max);
            }
            assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
            assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
            Tensor x = input(5, 2, 4, 6, 6);
            Tensor y = a.forward(x);
            assertArrayEquals(new int[] {2, 6, 6, 6}, y.shape());
            y.sum().backward();
            assertArrayEquals(new int[] {6, 2, 3, 3}, a.weight().grad().shape());
            assertArrayEquals(new int[] {6}, a.bias().grad().shape());
        }
        try (Conv1d c = new Conv1d(2, 3, 4, 1, "same", 1, 1, false, 1)) {
            assertNull(c.bias());
            assertArrayEquals(new int[] {1, 3, 9}, c.forward(Tensor.randn(3, 1, 2, 9)).shape());
        }
    }

    private static void assertMessage(String expected, Supplier<Object> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        assertEquals(expected, e.getMessage());
    }
}
