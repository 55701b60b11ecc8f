package dev.myelin.nn.functional;

import static dev.myelin.testing.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest extends ScopedTest {
    /** Small enough for the Java loops of every activation, and large enough for oneDNN in all of them. */
    private static final int[] SMALL = {3, 7};
    private static final int[] LARGE = {8, 64};

    /**
     * One element-wise activation: the function under test, its value and derivative computed here
     * in double from the textbook formula, the kernel it runs on, the threshold parameter that may
     * keep it off oneDNN, and the points where it has a kink (finite differences must stay clear).
     */
    record Case(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator value, DoubleUnaryOperator slope,
                Pointwise kernel, float a, float b, double... kinks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        double k = Math.sqrt(2 / Math.PI);
        return Stream.of(
                new Case("sigmoid", Activations::sigmoid, v -> 1 / (1 + Math.exp(-v)),
                        v -> Math.exp(-v) / Math.pow(1 + Math.exp(-v), 2), Pointwise.SIGMOID, 0, 0),
                new Case("tanh", Activations::tanh, Math::tanh, v -> 1 / Math.pow(Math.cosh(v), 2), Pointwise.TANH, 0, 0),
                new Case("relu", Activations::relu, v -> v > 0 ? v : 0, v -> v > 0 ? 1 : 0, Pointwise.RELU, 0, 0, 0),
                new Case("leaky_relu", x -> Activations.leakyRelu(x, 0.2f), v -> v > 0 ? v : 0.2 * v,
                        v -> v > 0 ? 1 : 0.2, Pointwise.RELU, 0.2f, 0, 0),
                new Case("elu", x -> Activations.elu(x, 1.5f), v -> v > 0 ? v : 1.5 * (Math.exp(v) - 1),
                        v -> v > 0 ? 1 : 1.5 * Math.exp(v), Pointwise.ELU, 1.5f, 0, 0),
                new Case("gelu", Activations::gelu, v -> v * phiCdf(v), v -> phiCdf(v) + v * phiPdf(v), Pointwise.GELU_ERF, 0, 0),
                new Case("gelu_tanh", x -> Activations.gelu(x, true),
                        v -> 0.5 * v * (1 + Math.tanh(k * (v + 0.044715 * v * v * v))),
                        v -> {
                            double u = k * (v + 0.044715 * v * v * v);
                            double du = k * (1 + 3 * 0.044715 * v * v);
                            return 0.5 * (1 + Math.tanh(u)) + 0.5 * v * du / Math.pow(Math.cosh(u), 2);
                        }, Pointwise.GELU_TANH, 0, 0),
                new Case("softplus", x -> Activations.softplus(x, 2f, 20f),
                        v -> 2 * v > 20 ? v : Math.log(1 + Math.exp(2 * v)) / 2,
                        v -> 2 * v > 20 ? 1 : Math.exp(2 * v) / (1 + Math.exp(2 * v)), Pointwise.SOFTPLUS, 2f, 20f),
                new Case("hardtanh", x -> Activations.hardtanh(x, -1f, 2f), v -> Math.min(Math.max(v, -1), 2),
                        v -> v > -1 && v < 2 ? 1 : 0, Pointwise.HARDTANH, -1f, 2f, -1, 2),
                new Case("silu", Activations::silu, v -> v / (1 + Math.exp(-v)),
                        v -> 1 / (1 + Math.exp(-v)) + v * Math.exp(-v) / Math.pow(1 + Math.exp(-v), 2), Pointwise.SILU, 0, 0));
    }

    /** Phi(x) = (1 + erf(x / sqrt 2)) / 2, with erf by Simpson's rule on its integral (independent of the library). */
    static double phiCdf(double x) {
        double z = x / Math.sqrt(2);
        int n = 2000;
        double h = z / n;
        double s = 1 + Math.exp(-z * z);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * Math.exp(-Math.pow(i * h, 2));
        }
        double erf = 2 / Math.sqrt(Math.PI) * s * h / 3;
        return 0.5 * (1 + erf);
    }

    static double phiPdf(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    /** Seeded values of spread 3 that require grad, moved at least 0.02 away from every kink. */
    static Tensor inputs(long seed, int[] shape, double... kinks) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[shape[0] * shape[1]];
        for (int i = 0; i < v.length; i++) {
            double x = 3 * r.nextGaussian();
            for (double kink : kinks) {
                x = Math.abs(x - kink) < 0.02 ? kink + 0.05 : x;
            }
            v[i] = (float) x;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    static float[] map(Tensor x, DoubleUnaryOperator f) {
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) f.applyAsDouble(v[i]);
        }
        return v;
    }

    static Stream<int[]> bothPaths(Case c) {
        Tensor small = Tensor.zeros(SMALL);
        Tensor large = Tensor.zeros(LARGE);
        assertFalse(c.kernel.useDnnl(small, c.a, c.b), c.name + " on " + small.numel() + " elements should run in Java");
        assertTrue(c.kernel.useDnnl(large, c.a, c.b), c.name + " on " + large.numel() + " elements should run on oneDNN");
        return Stream.of(SMALL, LARGE);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesTheFormulaOnJavaAndOneDnnPaths(Case c) {
        bothPaths(c).forEach(shape -> {
            Tensor x = inputs(1, shape, c.kinks);
            assertClose(map(x, c.value), c.f.apply(x).toFloatArray(), 2e-6f);
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backwardMatchesTheDerivativeOnJavaAndOneDnnPaths(Case c) {
        bothPaths(c).forEach(shape -> {
            Tensor x = inputs(2, shape, c.kinks);
            Tensor g = Tensor.randn(3, shape);
            Tensor y = c.f.apply(x);
            assertEquals(c.name.replace("gelu_tanh", "gelu"), y.gradFn().name(), "one node per activation");
            y.backward(g);
            float[] expected = map(x, c.slope);
            float[] gs = g.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= gs[i];
            }
            assertClose(expected, x.grad().toFloatArray(), 1e-5f);
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientsMatchFiniteDifferencesOnJavaAndOneDnnPaths(Case c) {
        bothPaths(c).forEach(shape ->
                GradCheck.check(c.name + " " + shape[0] * shape[1], in -> c.f.apply(in[0]), 1e-3, 1e-2, inputs(4, shape, c.kinks)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void nonContiguousInputsAndGradients(Case c) {
        Tensor base = inputs(5, new int[] {7, 3}, c.kinks);
        Tensor x = base.t(); // [3, 7], transposed strides
        Tensor y = c.f.apply(x);
        assertClose(map(x, c.value), y.toFloatArray(), 2e-6f);
        y.sum().backward(); // the gradient arrives expanded (stride 0)
        assertClose(map(base, c.slope), base.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void extremeInputsStayFinite() {
        Tensor x = Tensor.of(new float[] {-100, -30, 30, 100}, 4);
        assertArrayEquals(new float[] {0, 0, 1, 1}, Activations.sigmoid(x).toFloatArray(), 1e-12f);
        assertArrayEquals(new float[] {-1, -1, 1, 1}, Activations.tanh(x).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 30, 100}, Activations.softplus(x).toFloatArray(), 1e-12f);
        assertArrayEquals(new float[] {-0f, -0f, 30, 100}, Activations.gelu(x).toFloatArray(), 1e-12f);
        assertArrayEquals(new float[] {-0f, -2.8e-12f, 30, 100}, Activations.silu(x).toFloatArray(), 1e-12f);
        Tensor large = Tensor.full(100f, LARGE);
        assertArrayEquals(Tensor.full(100f, LARGE).toFloatArray(), Activations.softplus(large).toFloatArray());
        assertArrayEquals(Tensor.zeros(LARGE).toFloatArray(), Activations.softplus(large.neg()).toFloatArray(), 1e-12f);
    }

    @Test
    void softplusIsLinearAboveItsThreshold() {
        // beta 2, threshold 1: beta * x > 1 means x > 0.5 is passed through with gradient 1
        Tensor x = Tensor.of(new float[] {0.4f, 0.6f}, 2).requiresGrad(true);
        Tensor y = Activations.softplus(x, 2f, 1f);
        assertArrayEquals(new float[] {(float) (Math.log1p(Math.exp(0.8)) / 2), 0.6f}, y.toFloatArray(), 1e-6f);
        y.sum().backward();
        assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(-0.8))), 1f}, x.grad().toFloatArray(), 1e-6f);
        // a low threshold keeps even a large tensor off oneDNN, whose softplus has no threshold
        Tensor big = Tensor.full(0.6f, LARGE);
        assertFalse(Pointwise.SOFTPLUS.useDnnl(big, 2f, 1f));
        assertArrayEquals(big.toFloatArray(), Activations.softplus(big, 2f, 1f).toFloatArray());
    }

    @Test
    void hardtanhPassesNoGradientAtItsLimitsOnBothPaths() {
        for (int[] shape : new int[][] {SMALL, LARGE}) {
            float[] v = new float[shape[0] * shape[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = new float[] {-1f, 1f, 0.5f, -2f, 2f}[i % 5];
            }
            Tensor x = Tensor.of(v, shape).requiresGrad(true);
            Activations.hardtanh(x).sum().backward();
            float[] g = x.grad().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i] == 0.5f ? 1f : 0f, g[i], "x = " + v[i] + " on " + shape[0] * shape[1] + " elements");
            }
        }
        Tensor x = Tensor.randn(9, LARGE).requiresGrad(true);
        Tensor y = Activations.hardtanh(x, 0.5f, 0.5f); // an empty open interval: constant, no gradient anywhere
        assertArrayEquals(Tensor.full(0.5f, LARGE).toFloatArray(), y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(Tensor.zeros(LARGE).toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void stepIsHeavisideAndHasNoGradient() {
        Tensor x = Tensor.of(new float[] {-2, -0f, 0, 1e-7f, 3}, 5).requiresGrad(true);
        Tensor y = Activations.step(x);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1}, y.toFloatArray());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void preluWithOneWeightPerChannelOrOneForAll() {
        Tensor x = inputs(6, new int[] {4, 3}, 0).detach().reshape(2, 3, 2).requiresGrad(true);
        Tensor w = Tensor.of(new float[] {0.1f, -0.5f, 2f}, 3).requiresGrad(true);
        float[] xs = x.toFloatArray();
        float[] expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int channel = (i / 2) % 3;
            expected[i] = xs[i] > 0 ? xs[i] : w.getFloat(channel) * xs[i];
        }
        assertClose(expected, Activations.prelu(x, w).toFloatArray(), 1e-6f);
        GradCheck.check("prelu per channel", in -> Activations.prelu(in[0], in[1]), 1e-3, 1e-2, x, w);
        Tensor shared = Tensor.of(new float[] {0.25f}, 1).requiresGrad(true);
        assertClose(map(x, v -> v > 0 ? v : 0.25 * v), Activations.prelu(x, shared).toFloatArray(), 1e-6f);
        GradCheck.check("prelu shared", in -> Activations.prelu(in[0], in[1]), 1e-3, 1e-2, x, shared);
        GradCheck.check("prelu 1-d", in -> Activations.prelu(in[0], in[1]), 1e-3, 1e-2, inputs(7, new int[] {1, 5}, 0).detach()
                .reshape(5).requiresGrad(true), shared);
    }

    @Test
    void softmaxAndLogSoftmaxMatchTheReferenceAlongAnyDimension() {
        Tensor x = GradCheck.input(8, 3, 4, 5);
        for (int dim : new int[] {0, 1, 2, -1}) {
            float[] expected = referenceSoftmax(x, dim, false);
            assertClose(expected, moveToEnd(Activations.softmax(x, dim), dim), 1e-6f);
            assertClose(referenceSoftmax(x, dim, true), moveToEnd(Activations.logSoftmax(x, dim), dim), 1e-6f);
            int d = dim;
            GradCheck.check("softmax dim " + dim, in -> Activations.softmax(in[0], d), 1e-3, 1e-2, x);
            GradCheck.check("log_softmax dim " + dim, in -> Activations.logSoftmax(in[0], d), 1e-3, 1e-2, x);
        }
        assertEquals("softmax", Activations.softmax(x, 1).gradFn().name());
        assertEquals("log_softmax", Activations.logSoftmax(x, 1).gradFn().name());
        assertArrayEquals(new float[] {1f}, Activations.softmax(Tensor.full(5f), 0).toFloatArray());
    }

    /** From {@link Activations#ONEDNN_SOFTMAX_MIN} elements softmax runs on oneDNN; it must agree with the Java kernel. */
    @Test
    void largeSoftmaxOnOneDnnAgreesWithTheJavaKernelAlongAnyDimension() {
        int[] shape = {6, 20, 30};
        assertTrue(Shapes.numel(shape) >= Activations.ONEDNN_SOFTMAX_MIN);
        Tensor x = Tensor.randn(31, shape).mul(4f);
        x.setFloat(1000f, 0, 0, 0); // huge logits: stable on both paths
        x.setFloat(-1000f, 0, 0, 1);
        Tensor w = Tensor.randn(32, shape);
        for (boolean log : new boolean[] {false, true}) {
            for (int dim : new int[] {0, 1, 2}) {
                Tensor leaf = x.detach().copy().requiresGrad(true);
                Tensor y = log ? Activations.logSoftmax(leaf, dim) : Activations.softmax(leaf, dim);
                assertClose(referenceSoftmax(x, dim, log), moveToEnd(y, dim), 2e-5f);
                y.mul(w).sum().backward();
                Along along = SoftmaxKernel.along("softmax", shape, dim);
                Tensor expected = SoftmaxKernel.backward(SoftmaxKernel.forward(x, along, log), w, along, log);
                assertClose(expected.toFloatArray(), leaf.grad().toFloatArray(), 2e-5f);
            }
        }
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor x = Tensor.of(new float[] {1000, -1000, 0, 1000, 1000, -1000}, 2, 3).requiresGrad(true);
        assertArrayEquals(new float[] {1, 0, 0, 0.5f, 0.5f, 0}, Activations.softmax(x, 1).toFloatArray(), 1e-7f);
        float ln2 = (float) Math.log(2);
        Tensor logp = Activations.logSoftmax(x, 1);
        assertArrayEquals(new float[] {0, -2000, -1000, -ln2, -ln2, -2000 - ln2}, logp.toFloatArray(), 1e-4f);
        logp.select(1, 0).sum().backward(); // d/dx of logp[:, 0] = onehot(0) - softmax
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, -0.5f, 0}, x.grad().toFloatArray(), 1e-7f);
    }

    @Test
    void badInputsAreClearErrors() {
        Tensor ints = Tensor.ofLongs(new long[] {1, 2, 3}, 3);
        assertEquals("relu: input must be float32, got int64 [3]",
                assertThrows(IllegalArgumentException.class, () -> Activations.relu(ints)).getMessage());
        assertEquals("step: input must be float32, got int64 [3]",
                assertThrows(IllegalArgumentException.class, () -> Activations.step(ints)).getMessage());
        assertEquals("softmax: dimension 2 out of range for a tensor of rank 2 (expected -2..1)",
                assertThrows(IllegalArgumentException.class, () -> Activations.softmax(Tensor.zeros(2, 3), 2)).getMessage());
        assertEquals("hardtanh: min 1.0 must not be greater than max -1.0",
                assertThrows(IllegalArgumentException.class, () -> Activations.hardtanh(Tensor.zeros(2), 1, -1)).getMessage());
        assertEquals("softplus: beta must be non-zero",
                assertThrows(IllegalArgumentException.class, () -> Activations.softplus(Tensor.zeros(2), 0, 20)).getMessage());
        assertEquals("prelu: weight [2] has 2 elements; expected 1 or one per channel of input [4, 3] (dimension 1 has size 3)",
                assertThrows(IllegalArgumentException.class,
                        () -> Activations.prelu(Tensor.zeros(4, 3), Tensor.zeros(2))).getMessage());
        assertEquals("prelu: weight [3] has 3 elements; expected 1 or one per channel of input [3] (the input has no channel dimension)",
                assertThrows(IllegalArgumentException.class,
                        () -> Activations.prelu(Tensor.zeros(3), Tensor.zeros(3))).getMessage());
    }

    @Test
    void emptyTensorsPassThrough() {
        Tensor x = Tensor.zeros(0, 4).requiresGrad(true);
        assertArrayEquals(new int[] {0, 4}, Activations.gelu(x).shape());
        assertArrayEquals(new int[] {0, 4}, Activations.softmax(x, 1).shape());
    }

    /** Reference softmax in double, rows taken along {@code dim} through a transposed copy. */
    static float[] referenceSoftmax(Tensor x, int dim, boolean log) {
        int size = x.size(dim);
        float[] v = moveToEnd(x, dim);
        float[] out = new float[v.length];
        for (int row = 0; row < v.length; row += size) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                max = Math.max(max, v[row + k]);
            }
            double sum = 0;
            for (int k = 0; k < size; k++) {
                sum += Math.exp(v[row + k] - max);
            }
            for (int k = 0; k < size; k++) {
                double logp = v[row + k] - max - Math.log(sum);
                out[row + k] = (float) (log ? logp : Math.exp(logp));
            }
        }
        return out;
    }

    /** The elements with {@code dim} moved last, in row-major order. */
    static float[] moveToEnd(Tensor t, int dim) {
        return t.detach().transpose(dim, -1).contiguous().toFloatArray();
    }
}
