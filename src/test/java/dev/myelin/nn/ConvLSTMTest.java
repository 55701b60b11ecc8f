package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Losses;
import dev.myelin.ops.Ops;
import dev.myelin.optim.Adam;
import dev.myelin.optim.GradClip;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvLSTMTest extends ScopedTest {
    /** Gives every parameter of {@code m} seeded values of order {@code scale} (peepholes included, so they matter). */
    private static void randomize(Module m, long seed, float scale) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        long s = seed;
        for (var e : m.namedParameters().entrySet()) {
            state.put(e.getKey(), Tensor.randn(s++, e.getValue().shape()).mul(scale));
        }
        m.loadStateDict(state);
    }

    @Test
    void shapesOfEveryStepAndEveryLayer() {
        try (ConvLSTM lstm = new ConvLSTM(2, new int[] {4, 3}, 3, 5, 6, 1)) {
            ConvLSTM.Output out = lstm.forward(Tensor.randn(1, 2, 3, 2, 5, 6), null);
            assertArrayEquals(new int[] {2, 3, 3, 5, 6}, out.outputs().shape());
            assertEquals(2, out.finalStates().size());
            assertArrayEquals(new int[] {2, 4, 5, 6}, out.finalStates().get(0).c().shape());
            assertArrayEquals(new int[] {2, 3, 5, 6}, out.finalStates().get(1).h().shape());
            assertArrayEquals(out.finalStates().get(1).h().toFloatArray(), out.outputs().select(1, 2).toFloatArray());
            assertArrayEquals(new int[] {16, 6, 3, 3}, lstm.cells().get(0).conv().weight().shape());
        }
    }

    @Test
    void oneStepMatchesAPlainJavaReference() {
        int n = 2, cin = 2, ch = 3, hh = 4, ww = 5, k = 3;
        try (ConvLSTMCell cell = new ConvLSTMCell(cin, ch, k, hh, ww, true, 1)) {
            randomize(cell, 10, 0.5f);
            Tensor x = Tensor.randn(1, n, cin, hh, ww);
            Tensor h = Tensor.randn(2, n, ch, hh, ww);
            Tensor c = Tensor.randn(3, n, ch, hh, ww);
            LSTMCell.State got = cell.forward(x, new LSTMCell.State(h, c));

            Tensor xh = Ops.concat(1, x, h);
            float[] w = cell.conv().weight().toFloatArray();
            float[] b = cell.conv().bias().toFloatArray();
            Map<String, Tensor> p = cell.namedParameters();
            float[] wci = p.get("w_ci").toFloatArray(), wcf = p.get("w_cf").toFloatArray(), wco = p.get("w_co").toFloatArray();
            float[] cv = c.toFloatArray();
            float[] hOut = new float[cv.length], cOut = new float[cv.length];
            for (int s = 0; s < n; s++) {
                for (int o = 0; o < ch; o++) {
                    for (int y = 0; y < hh; y++) {
                        for (int z = 0; z < ww; z++) {
                            double[] pre = new double[4];
                            for (int g = 0; g < 4; g++) {
                                int oc = g * ch + o;
                                double acc = b[oc];
                                for (int ci = 0; ci < cin + ch; ci++) {
                                    for (int ky = 0; ky < k; ky++) {
                                        for (int kx = 0; kx < k; kx++) {
                                            int yy = y + ky - k / 2, zz = z + kx - k / 2;
                                            if (yy >= 0 && yy < hh && zz >= 0 && zz < ww) {
                                                acc += xh.getFloat(s, ci, yy, zz) * w[((oc * (cin + ch) + ci) * k + ky) * k + kx];
                                            }
                                        }
                                    }
                                }
                                pre[g] = acc;
                            }
                            int at = ((s * ch + o) * hh + y) * ww + z;
                            int peep = (o * hh + y) * ww + z;
                            double i = sigmoid(pre[0] + wci[peep] * cv[at]);
                            double f = sigmoid(pre[1] + wcf[peep] * cv[at]);
                            double cNew = f * cv[at] + i * Math.tanh(pre[2]);
                            double out = sigmoid(pre[3] + wco[peep] * cNew);
                            cOut[at] = (float) cNew;
                            hOut[at] = (float) (out * Math.tanh(cNew));
                        }
                    }
                }
            }
            assertClose(cOut, got.c().toFloatArray());
            assertClose(hOut, got.h().toFloatArray());
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-4 * Math.max(1, Math.abs(expected[i])),
                    "element " + i + ": java " + expected[i] + " vs myelin " + actual[i]);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        try (ConvLSTMCell cell = new ConvLSTMCell(1, 2, 3, 3, 3, true, 2)) {
            randomize(cell, 20, 0.5f);
            List<Tensor> inputs = new ArrayList<>(List.of(input(1, 2, 1, 1, 3, 3), input(2, 1, 2, 3, 3), input(3, 1, 2, 3, 3)));
            inputs.addAll(cell.parameters());
            GradCheck.check("ConvLSTMCell", in -> {
                LSTMCell.State s = cell.forward(in[0].select(0, 0), new LSTMCell.State(in[1], in[2]));
                s = cell.forward(in[0].select(0, 1), s);
                return Ops.stack(0, s.h(), s.c());
            }, 1e-2, 1e-2, inputs.toArray(Tensor[]::new));
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        try (ConvLSTMCell cell = new ConvLSTMCell(1, 2, 3, 8, 8, true, 3); ConvLSTM seq = new ConvLSTM(1, new int[] {2}, 3, 8, 8, 3)) {
            var e = assertThrows(IllegalArgumentException.class, () -> cell.forward(Tensor.zeros(2, 3, 8, 8), null));
            assertEquals("ConvLSTMCell: input [2, 3, 8, 8] has 3 channels, expected 1", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> cell.forward(Tensor.zeros(2, 1, 7, 8), null));
            assertEquals("ConvLSTMCell: input [2, 1, 7, 8] has spatial size 7x8, expected 8x8 (the size of the peephole weights)",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> cell.forward(Tensor.zeros(2, 1, 8, 8),
                    new LSTMCell.State(Tensor.zeros(2, 2, 8, 8), Tensor.zeros(1, 2, 8, 8))));
            assertEquals("ConvLSTMCell: cell state c [1, 2, 8, 8] float32 does not fit an input batch of 2: expected float32 "
                    + "[2, 2, 8, 8]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> seq.forward(Tensor.zeros(2, 0, 1, 8, 8)));
            assertEquals("ConvLSTM: input [2, 0, 1, 8, 8] must be a non-empty sequence [batch, steps, channels, height, width]",
                    e.getMessage());
        }
    }

    /** Frames [N, T, 1, S, S] of a dot moving one pixel a step up, down, left or right, wrapping at the edges. */
    private static Tensor movingDots(SplittableRandom r, int n, int steps, int size) {
        float[] v = new float[n * steps * size * size];
        for (int s = 0; s < n; s++) {
            int y = r.nextInt(size), x = r.nextInt(size);
            int direction = r.nextInt(4);
            int dy = direction < 2 ? 2 * direction - 1 : 0, dx = direction < 2 ? 0 : 2 * direction - 5;
            for (int t = 0; t < steps; t++) {
                v[((s * steps + t) * size + Math.floorMod(y + t * dy, size)) * size + Math.floorMod(x + t * dx, size)] = 1;
            }
        }
        return Tensor.of(v, n, steps, 1, size, size);
    }

    @Test
    void learnsToPredictTheNextFrameOfAMovingDot() {
        int size = 5, steps = 4, batch = 8, hidden = 8;
        // kernel 5: the cell at the dot's next position must see both its current and its previous position
        try (ConvLSTM lstm = new ConvLSTM(1, new int[] {hidden}, 5, size, size, 4);
             Conv2d head = new Conv2d(hidden, 1, 1, 1, 0, 1, 1, true, 5);
             Adam adam = new Adam(concat(lstm.parameters(), head.parameters()), 0.03)) {
            try (var off = GradMode.noGrad()) { // start at the background rate, 1 / size^2, not at 1/2
                head.bias().setFloat((float) -Math.log(size * size - 1), 0);
            }
            SplittableRandom r = new SplittableRandom(6);
            double first = 0, last = 0;
            int iterations = 100;
            long t0 = System.nanoTime();
            for (int it = 0; it < iterations; it++) {
                try (Scope step = Scope.open("step")) {
                    Tensor frames = movingDots(r, batch, steps + 1, size);
                    Tensor out = lstm.forward(frames.slice(1, 0, steps)); // [N, T, 8, S, S]
                    Tensor logits = head.forward(out.reshape(batch * steps, -1, size, size)).reshape(batch, steps, 1, size, size);
                    // from the second frame on, the motion is known: predict frames 2..T
                    Tensor loss = Losses.binaryCrossEntropyWithLogits(logits.slice(1, 1, steps), frames.slice(1, 2, steps + 1));
                    adam.zeroGrad();
                    loss.backward();
                    GradClip.clipGradNorm(adam.params(), 1.0);
                    adam.step();
                    if (it < 10) {
                        first += loss.item() / 10;
                    } else if (it >= iterations - 10) {
                        last += loss.item() / 10;
                    }
                }
            }
            System.out.printf("ConvLSTM moving dot: BCE %.4f -> %.4f in %.1f s%n", first, last, (System.nanoTime() - t0) / 1e9);
            // predicting only the background rate everywhere scores about the first loss; a fifth of it needs the motion
            assertTrue(last < first / 5, "BCE fell from " + first + " to " + last);
        }
    }

    private static List<Tensor> concat(List<Tensor> a, List<Tensor> b) {
        List<Tensor> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
