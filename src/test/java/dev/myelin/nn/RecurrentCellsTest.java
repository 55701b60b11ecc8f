package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrentCellsTest extends ScopedTest {
    /** The cell's parameters followed by the given inputs: everything GradCheck should differentiate. */
    private static Tensor[] withParams(Module m, Tensor... inputs) {
        List<Tensor> all = new ArrayList<>(List.of(inputs));
        all.addAll(m.parameters());
        return all.toArray(Tensor[]::new);
    }

    @Test
    void parametersHavePyTorchNamesShapesAndInitBounds() {
        try (LSTMCell lstm = new LSTMCell(3, 4, true, 1); GRUCell gru = new GRUCell(3, 4, false, 1)) {
            assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(lstm.namedParameters().keySet()));
            assertArrayEquals(new int[] {16, 3}, lstm.weightIh().shape());
            assertArrayEquals(new int[] {16, 4}, lstm.weightHh().shape());
            assertArrayEquals(new int[] {12, 4}, gru.weightHh().shape());
            assertNull(gru.biasIh());
            for (Tensor p : lstm.parameters()) {
                for (float v : p.toFloatArray()) {
                    assertTrue(Math.abs(v) <= 0.5f, "U(-1/sqrt(4), 1/sqrt(4)) gave " + v);
                }
            }
        }
    }

    @Test
    void rnnCellGradientsMatchFiniteDifferences() {
        for (RNNCell.Nonlinearity f : RNNCell.Nonlinearity.values()) {
            try (RNNCell cell = new RNNCell(3, 2, true, f, 7)) {
                Tensor x = input(1, 2, 2, 3);
                Tensor h0 = input(2, 2, 2);
                GradCheck.check("RNNCell " + f, in -> {
                    Tensor h1 = cell.forward(in[0].select(0, 0), in[1]);
                    return Ops.stack(0, h1, cell.forward(in[0].select(0, 1), h1));
                }, 1e-2, 1e-2, withParams(cell, x, h0));
            }
        }
    }

    @Test
    void lstmCellGradientsMatchFiniteDifferences() {
        try (LSTMCell cell = new LSTMCell(3, 2, true, 7)) {
            Tensor x = input(1, 2, 2, 3);
            Tensor h0 = input(2, 2, 2);
            Tensor c0 = input(3, 2, 2);
            GradCheck.check("LSTMCell", in -> {
                LSTMCell.State s = cell.forward(in[0].select(0, 0), new LSTMCell.State(in[1], in[2]));
                s = cell.forward(in[0].select(0, 1), s);
                return Ops.stack(0, s.h(), s.c());
            }, 1e-2, 1e-2, withParams(cell, x, h0, c0));
        }
    }

    @Test
    void gruCellGradientsMatchFiniteDifferences() {
        try (GRUCell cell = new GRUCell(3, 2, true, 7)) {
            Tensor x = input(1, 2, 2, 3);
            Tensor h0 = input(2, 2, 2);
            GradCheck.check("GRUCell", in -> {
                Tensor h1 = cell.forward(in[0].select(0, 0), in[1]);
                return Ops.stack(0, h1, cell.forward(in[0].select(0, 1), h1));
            }, 1e-2, 1e-2, withParams(cell, x, h0));
        }
    }

    @Test
    void missingStateMeansZeros() {
        try (LSTMCell lstm = new LSTMCell(3, 4, true, 3); GRUCell gru = new GRUCell(3, 4, true, 3)) {
            Tensor x = Tensor.randn(5, 2, 3);
            LSTMCell.State zero = new LSTMCell.State(Tensor.zeros(2, 4), Tensor.zeros(2, 4));
            assertArrayEquals(lstm.forward(x, zero).c().toFloatArray(), lstm.forward(x, null).c().toFloatArray());
            assertArrayEquals(gru.forward(x, Tensor.zeros(2, 4)).toFloatArray(), gru.forward(x).toFloatArray());
        }
    }

    /**
     * |d h_T / d x_0| relative to |d h_T / d x_{T-1}| over {@code steps} steps: how much of the
     * gradient survives the trip back from the last step to the first.
     */
    private static double gradientSurvival(java.util.function.BiFunction<Tensor, Tensor[], Tensor[]> step, Tensor[] initial,
            int steps, int inputSize) {
        Tensor[] xs = new Tensor[steps];
        Tensor[] state = initial;
        for (int t = 0; t < steps; t++) {
            xs[t] = Tensor.randn(100 + t, 4, inputSize).requiresGrad(true);
            state = step.apply(xs[t], state);
        }
        state[0].sum().backward();
        return norm(xs[0].grad()) / norm(xs[steps - 1].grad());
    }

    private static double norm(Tensor g) {
        double s = 0;
        for (float v : g.toFloatArray()) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void rnnGradientVanishesOverALongSequenceWhereTheLstmsDoesNot() {
        int steps = 60, input = 8, hidden = 32;
        try (RNNCell rnn = new RNNCell(input, hidden, true, RNNCell.Nonlinearity.TANH, 11);
             LSTMCell lstm = new LSTMCell(input, hidden, true, 11)) {
            try (var off = dev.myelin.autograd.GradMode.noGrad()) { // forget-gate bias 1 (Jozefowicz et al. 2015)
                for (int k = hidden; k < 2 * hidden; k++) {
                    lstm.biasIh().setFloat(1f, k);
                }
            }
            double rnnSurvival = gradientSurvival((x, s) -> new Tensor[] {rnn.forward(x, s[0])},
                    new Tensor[] {Tensor.zeros(4, hidden)}, steps, input);
            double lstmSurvival = gradientSurvival((x, s) -> {
                LSTMCell.State next = lstm.forward(x, new LSTMCell.State(s[0], s[1]));
                return new Tensor[] {next.h(), next.c()};
            }, new Tensor[] {Tensor.zeros(4, hidden), Tensor.zeros(4, hidden)}, steps, input);
            System.out.printf("gradient reaching the first of %d steps, relative to the last: RNN %.3g, LSTM %.3g%n", steps,
                    rnnSurvival, lstmSurvival);
            assertTrue(rnnSurvival < 1e-6, "RNN: " + rnnSurvival);
            assertTrue(lstmSurvival > 1000 * rnnSurvival, "LSTM " + lstmSurvival + " vs RNN " + rnnSurvival);
        }
    }

    @Test
    void stepsOfABatchFirstSequenceCanBeFedAsViews() {
        try (LSTMCell cell = new LSTMCell(64, 256, true, 1)) { // large enough for the oneDNN matmul path
            Tensor x = Tensor.randn(1, 32, 5, 64);
            LSTMCell.State fromView = cell.forward(x.select(1, 4), null);
            LSTMCell.State fromCopy = cell.forward(x.select(1, 4).copy(), null);
            assertArrayEquals(fromCopy.h().toFloatArray(), fromView.h().toFloatArray());
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        try (LSTMCell lstm = new LSTMCell(64, 8, true, 3); RNNCell rnn = new RNNCell(4, 8)) {
            var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(32, 65), null));
            assertEquals("LSTMCell: input [32, 65] has feature size 65, expected 64", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tensor.zeros(2, 3, 4), null));
            assertEquals("RNNCell: input [2, 3, 4] has 3 dimensions, expected [batch, 4]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> lstm.forward(Tensor.zeros(3, 64), new LSTMCell.State(Tensor.zeros(3, 8), Tensor.zeros(2, 8))));
            assertEquals("LSTMCell: cell state c [2, 8] does not fit an input batch of 3: expected [3, 8]",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tensor.zeros(2, 4), Tensor.zeros(2, 7)));
            assertEquals("RNNCell: hidden state [2, 7] does not fit an input batch of 2: expected [2, 8]", e.getMessage());
            try (GRUCell gru = new GRUCell(4, 8)) {
                e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(3, 4), Tensor.zeros(2, 8)));
                assertEquals("GRUCell: hidden state [2, 8] does not fit an input batch of 3: expected [3, 8]", e.getMessage());
            }
            e = assertThrows(IllegalArgumentException.class, () -> new GRUCell(0, 8));
            assertTrue(e.getMessage().startsWith("GRUCell: input_size and hidden_size must be positive"), e.getMessage());
        }
    }
}
