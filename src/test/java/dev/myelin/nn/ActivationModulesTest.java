package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import dev.myelin.testing.ScopedTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The activation modules against plain-Java formulas, and PReLU's learnable slope. */
class ActivationModulesTest extends ScopedTest {
    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** erf by its Maclaurin series: exact to about 1e-12 for |z| <= 3, which covers these inputs. */
    private static double erf(double z) {
        double term = z;
        double sum = z;
        for (int n = 1; n < 80; n++) {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static float[] map(float[] x, DoubleUnaryOperator f) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) f.applyAsDouble(x[i]);
        }
        return out;
    }

    @Test
    void elementwiseModulesMatchTheirFormulas() {
        Map<Module, DoubleUnaryOperator> cases = new LinkedHashMap<>();
        cases.put(new ReLU(), v -> Math.max(0, v));
        cases.put(new Sigmoid(), ActivationModulesTest::sigmoid);
        cases.put(new Tanh(), Math::tanh);
        cases.put(new SiLU(), v -> v * sigmoid(v));
        cases.put(new Step(), v -> v > 0 ? 1 : 0);
        cases.put(new LeakyReLU(0.2f), v -> v > 0 ? v : 0.2 * v);
        cases.put(new ELU(0.7f), v -> v > 0 ? v : 0.7 * (Math.exp(v) - 1));
        cases.put(new GELU(), v -> 0.5 * v * (1 + erf(v / Math.sqrt(2))));
        cases.put(new GELU(true), v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        cases.put(new Softplus(2f, 1f), v -> 2 * v > 1 ? v : Math.log1p(Math.exp(2 * v)) / 2);
        cases.put(new Hardtanh(-0.5f, 0.5f), v -> Math.min(0.5, Math.max(-0.5, v)));
        cases.put(new PReLU(), v -> v > 0 ? v : 0.25 * v);
        Tensor x = Tensor.randn(3, 5, 8).mul(1.5f);
        float[] xs = x.toFloatArray();
        cases.forEach((module, f) -> {
            Tensor y = module.forward(x);
            assertArrayEquals(x.shape(), y.shape(), module.toString());
            try {
                Reference.assertClose(map(xs, f), y.toFloatArray(), 1e-5f);
            } catch (AssertionError e) {
                throw new AssertionError(module + ": " + e.getMessage(), e);
            }
            module.close();
        });
    }

    @Test
    void softmaxModulesNormaliseAlongTheirDimension() {
        Tensor x = Tensor.randn(4, 3, 5);
        float[] v = x.toFloatArray();
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim < 0 ? dim + 2 : dim;
            float[] expected = new float[15];
            float[] expectedLog = new float[15];
            for (int outer = 0; outer < (d == 1 ? 3 : 5); outer++) {
                int n = d == 1 ? 5 : 3;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, v[d == 1 ? outer * 5 + k : k * 5 + outer]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(v[d == 1 ? outer * 5 + k : k * 5 + outer] - max);
                }
                for (int k = 0; k < n; k++) {
                    int at = d == 1 ? outer * 5 + k : k * 5 + outer;
                    expected[at] = (float) (Math.exp(v[at] - max) / sum);
                    expectedLog[at] = (float) (v[at] - max - Math.log(sum));
                }
            }
            Reference.assertClose(expected, new Softmax(dim).forward(x).toFloatArray(), 1e-5f);
            Reference.assertClose(expectedLog, new LogSoftmax(dim).forward(x).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void printsTheirSettings() {
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2f).toString());
        assertEquals("ELU(alpha=1.0)", new ELU().toString());
        assertEquals("GELU(approximate=tanh)", new GELU(true).toString());
        assertEquals("Softplus(beta=1.0, threshold=20.0)", new Softplus().toString());
        assertEquals("Hardtanh(min_val=-1.0, max_val=1.0)", new Hardtanh().toString());
        assertEquals("Softmax(dim=-1)", new Softmax(-1).toString());
        assertEquals("LogSoftmax(dim=1)", new LogSoftmax(1).toString());
        assertEquals("PReLU(num_parameters=3)", new PReLU(3, 0.25f).toString());
    }

    @Test
    void preluLearnsOneSlopePerChannel() {
        try (PReLU prelu = new PReLU(3, 0.1f)) {
            assertEquals(List.of("weight"), List.copyOf(prelu.namedParameters().keySet()));
            assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f}, prelu.weight().toFloatArray());
            prelu.weight().setFloat(0.3f, 1);
            Tensor x = Tensor.randn(4, 2, 3, 4); // channels in dimension 1
            float[] xs = x.toFloatArray();
            float[] expected = new float[xs.length];
            float[] slopeGrad = new float[3];
            for (int i = 0; i < xs.length; i++) {
                int c = i / 4 % 3;
                float a = c == 1 ? 0.3f : 0.1f;
                expected[i] = xs[i] > 0 ? xs[i] : a * xs[i];
                slopeGrad[c] += xs[i] > 0 ? 0 : xs[i]; // d sum(y) / d a_c
            }
            Reference.assertClose(expected, prelu.forward(x).toFloatArray(), 1e-6f);

            prelu.forward(x).sum().backward();
            assertNotNull(prelu.weight().grad());
            Reference.assertClose(slopeGrad, prelu.weight().grad().toFloatArray(), 1e-5f);
            float[] before = prelu.weight().toFloatArray();
            new Sgd(prelu.parameters(), 0.5f).step();
            for (int c = 0; c < 3; c++) {
                assertEquals(before[c] - 0.5f * slopeGrad[c], prelu.weight().getFloat(c), 1e-5f);
            }
            GradCheck.check("prelu", in -> prelu.forward(in[0]), 1e-3, 1e-2, input(5, 2, 3, 2), prelu.weight());
        }
    }

    @Test
    void badInputNamesTheModulePath() {
        try (Sequential seq = new Sequential(new PReLU(3, 0.25f), new Softmax(4))) {
            var channels = assertThrows(IllegalArgumentException.class, () -> seq.forward(Tensor.zeros(2, 5)));
            assertTrue(channels.getMessage().startsWith("PReLU '0': prelu: weight [3]"), channels.getMessage());
            var dim = assertThrows(IllegalArgumentException.class, () -> seq.forward(Tensor.zeros(2, 3)));
            assertTrue(dim.getMessage().startsWith("Softmax '1': softmax: dimension 4"), dim.getMessage());
        }
    }
}
