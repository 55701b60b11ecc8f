package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.memory.Scope;
import dev.myelin.nn.init.Init;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flatten, Identity, Sequential, Maxout and RBF. */
class LayersTest extends ScopedTest {
    @Test
    void flattenMergesTheChosenDimensions() {
        Tensor x = Tensor.randn(1, 2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 20}, new Flatten(-2, -1).forward(x).shape());
        assertArrayEquals(x.toFloatArray(), new Flatten().forward(x).toFloatArray());
        assertArrayEquals(new int[] {1}, new Flatten().forward(Tensor.scalar(3)).shape());
        Tensor t = x.transpose(1, 3); // not contiguous: flattening copies, in the view's element order
        assertArrayEquals(t.contiguous().toFloatArray(), new Flatten().forward(t).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Tensor.zeros(7)));
        assertEquals("Flatten: cannot flatten dims 1..-1 of input [7] (rank 1)", e.getMessage());
        GradCheck.check("flatten", in -> new Flatten().forward(in[0]).exp(), 1e-3, 1e-2, input(1, 2, 3, 2));
    }

    @Test
    void identityAndSequentialCompose() {
        Tensor x = Tensor.randn(2, 4, 3);
        Linear a = new Linear(3, 5, true, 1);
        Linear b = new Linear(5, 2, true, 2);
        try (Sequential seq = new Sequential(a, new Identity()).add(b)) {
            assertEquals(3, seq.size());
            assertSame(b, seq.get(2));
            assertEquals("2", b.path());
            assertSame(x, seq.get(1).forward(x));
            assertArrayEquals(b.forward(a.forward(x)).toFloatArray(), seq.forward(x).toFloatArray());
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(seq.namedParameters().keySet()));
            var e = assertThrows(IndexOutOfBoundsException.class, () -> seq.get(3));
            assertEquals("Sequential: index 3 out of range for 3 modules", e.getMessage());
        }
    }

    @Test
    void maxoutTakesTheLargestPieceOfEachUnit() {
        int in = 4;
        int out = 3;
        int pieces = 2;
        try (Maxout m = new Maxout(in, out, pieces, 5)) {
            assertArrayEquals(new int[] {out * pieces, in}, m.linear().weight().shape());
            Tensor x = Tensor.randn(6, 5, in);
            float[] z = LinearTest.reference(x.toFloatArray(), m.linear().weight().toFloatArray(),
                    m.linear().bias().toFloatArray(), in, out * pieces);
            float[] expected = new float[5 * out];
            for (int r = 0; r < 5; r++) {
                for (int u = 0; u < out; u++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < pieces; p++) {
                        best = Math.max(best, z[r * out * pieces + u * pieces + p]);
                    }
                    expected[r * out + u] = best;
                }
            }
            Tensor y = m.forward(x);
            assertArrayEquals(new int[] {5, out}, y.shape());
            Reference.assertClose(expected, y.toFloatArray(), 1e-5f);
            assertEquals("Maxout(\n  in=4, out=3, pieces=2\n  (linear): Linear(in=4, out=6, bias=true)\n)", m.toString());
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 5)));
            assertEquals("Maxout: input [2, 5] has last dim 5 but in_features is 4; expected [*, 4]", e.getMessage());
        }
    }

    @Test
    void maxoutGradientsMatchFiniteDifferences() {
        try (Maxout m = new Maxout(3, 2, 3, 7)) {
            GradCheck.check("maxout", in -> m.forward(in[0]), 1e-3, 1e-2,
                    input(1, 4, 3), m.linear().weight(), m.linear().bias());
            GradCheck.check("maxout 3-D", in -> m.forward(in[0]), 1e-3, 1e-2, input(2, 2, 2, 3));
        }
    }

    /** exp(-exp(logGamma_j) * ||x_r - c_j||^2) in double. */
    private static float[] rbfReference(float[] x, float[] c, float[] logGamma, int in) {
        int rows = x.length / in;
        int k = logGamma.length;
        float[] y = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                double d2 = 0;
                for (int i = 0; i < in; i++) {
                    double d = x[r * in + i] - c[j * in + i];
                    d2 += d * d;
                }
                y[r * k + j] = (float) Math.exp(-Math.exp(logGamma[j]) * d2);
            }
        }
        return y;
    }

    @Test
    void rbfMatchesAPlainJavaReference() {
        try (RBF rbf = new RBF(3, 4, 9)) {
            assertArrayEquals(new int[] {4, 3}, rbf.centers().shape());
            rbf.logGamma().setFloat(-1f, 1);
            rbf.logGamma().setFloat(0.5f, 3);
            Tensor x = Tensor.randn(10, 2, 5, 3);
            Tensor y = rbf.forward(x);
            assertArrayEquals(new int[] {2, 5, 4}, y.shape());
            Reference.assertClose(rbfReference(x.toFloatArray(), rbf.centers().toFloatArray(), rbf.logGamma().toFloatArray(), 3),
                    y.toFloatArray(), 1e-5f);
            Tensor atCenter = rbf.forward(rbf.centers().detach().select(0, 2)); // distance 0 to centre 2
            assertEquals(1f, atCenter.getFloat(2), 1e-6f);
            assertEquals(List.of("centers", "log_gamma"), List.copyOf(rbf.namedParameters().keySet()));
            var e = assertThrows(IllegalArgumentException.class, () -> rbf.forward(Tensor.zeros(2)));
            assertEquals("RBF: input [2] has last dim 2 but in_features is 3; expected [*, 3]", e.getMessage());
        }
    }

    @Test
    void rbfGradientsReachInputsCentresAndWidths() {
        try (RBF rbf = new RBF(2, 3, 4)) {
            Tensor x = input(5, 4, 2);
            Init.uniform(rbf.centers(), -1f, 1f, 6); // near the inputs: outputs away from exp(-large) = 0, where gradients vanish
            GradCheck.check("rbf", in -> rbf.forward(in[0]), 1e-3, 1e-2, x, rbf.centers(), rbf.logGamma());
        }
    }

    @Test
    void rbfCentresLearnToFitTargets() {
        try (RBF rbf = new RBF(1, 2, 3)) {
            Tensor x = Tensor.of(new float[] {-1, 1}, 2, 1);
            Tensor target = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2); // centre 0 at x=-1, centre 1 at x=1
            Sgd sgd = new Sgd(rbf.parameters(), 0.5f);
            float first = 0;
            float last = 0;
            for (int i = 0; i < 300; i++) {
                try (Scope step = Scope.open("step")) {
                    rbf.zeroGrad();
                    Tensor loss = rbf.forward(x).sub(target).pow(2f).mean();
                    loss.backward();
                    sgd.step();
                    last = loss.item();
                    first = i == 0 ? last : first;
                }
            }
            assertTrue(last < 0.01f * first && last < 1e-3f, "loss " + first + " -> " + last);
            assertEquals(-1f, rbf.centers().getFloat(0, 0), 0.1f);
            assertEquals(1f, rbf.centers().getFloat(1, 0), 0.1f);
        }
    }
}
