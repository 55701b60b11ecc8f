package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.autograd.GradMode;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.memory.Scope;
import dev.myelin.ops.Kernels;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrentTest extends ScopedTest {
    @Test
    void parametersAreNamedShapedAndInitialisedAsPyTorch() {
        try (LSTM lstm = new LSTM(3, 4, 2, true, false, 0f, true, 1)) {
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                    "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                    "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                    "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                    List.copyOf(lstm.namedParameters().keySet()));
            var p = lstm.namedParameters();
            assertArrayEquals(new int[] {16, 3}, p.get("weight_ih_l0").shape());
            assertArrayEquals(new int[] {16, 8}, p.get("weight_ih_l1_reverse").shape()); // reads both directions of layer 0
            assertArrayEquals(new int[] {16, 4}, p.get("weight_hh_l1").shape());
            assertArrayEquals(new int[] {16}, p.get("bias_hh_l0").shape());
            float bound = 0.5f; // 1 / sqrt(hidden 4)
            for (Tensor t : lstm.parameters()) {
                for (float v : t.toFloatArray()) {
                    assertTrue(Math.abs(v) <= bound, "U(-1/sqrt(H), 1/sqrt(H)): " + v);
                }
            }
        }
        try (GRU gru = new GRU(3, 5, 1, false, true, 0f, false, 2); RNN rnn = new RNN(3, 5)) {
            assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.namedParameters().keySet()));
            assertArrayEquals(new int[] {15, 3}, gru.namedParameters().get("weight_ih_l0").shape());
            assertArrayEquals(new int[] {5, 5}, rnn.namedParameters().get("weight_hh_l0").shape());
        }
    }

    /**
     * A tiny case of each, as every perturbed element costs a forward pass (the golden tests cover
     * layers and options): a bidirectional LSTM, a GRU and a ReLU RNN, with initial states.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = GradCheck.input(1, 3, 1, 1);
        try (LSTM lstm = new LSTM(1, 2, 1, true, false, 0f, true, 4);
             GRU gru = new GRU(1, 2, 1, true, false, 0f, false, 5);
             RNN rnn = new RNN(1, 2, 1, "relu", true, false, 0f, false, 6)) {
            GradCheck.check("lstm", in -> {
                LstmOutput o = lstm.forward(in[0], in[1], in[2]);
                return Ops.concat(0, o.output().reshape(-1), o.hN().reshape(-1), o.cN().reshape(-1));
            }, 1e-2, 1e-2, concat(List.of(x, GradCheck.input(2, 2, 1, 2), GradCheck.input(3, 2, 1, 2)), lstm.parameters()));
            GradCheck.check("gru", in -> {
                RnnOutput o = gru.forward(in[0], in[1]);
                return Ops.concat(0, o.output().reshape(-1), o.hN().reshape(-1));
            }, 1e-2, 1e-2, concat(List.of(x, GradCheck.input(4, 1, 1, 2)), gru.parameters()));
            GradCheck.check("rnn", in -> {
                RnnOutput o = rnn.forward(in[0], in[1]);
                return Ops.concat(0, o.output().reshape(-1), o.hN().reshape(-1));
            }, 1e-2, 1e-2, concat(List.of(x, GradCheck.input(5, 1, 1, 2)), rnn.parameters()));
        }
    }

    private static Tensor[] concat(List<Tensor> a, List<Tensor> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(Tensor[]::new);
    }

    @Test
    void inferenceAndTrainingForwardsAgreeAndPrimitivesAreReused() {
        try (GRU gru = new GRU(4, 6, 2, true, true, 0f, true, 7)) {
            Tensor x = Tensor.randn(8, 3, 5, 4);
            float[] training = gru.forward(x).toFloatArray(); // parameters require grad: the training primitive
            int cached = OneDnn.cachedPrimitives();
            assertArrayEquals(training, gru.forward(x).toFloatArray());
            assertEquals(cached, OneDnn.cachedPrimitives(), "a second call creates no primitive");
            try (var off = GradMode.noGrad()) {
                assertArrayEquals(training, gru.forward(x).toFloatArray(), 1e-6f);
            }
        }
    }

    /**
     * The backward writes weight gradients into pooled memory without zeroing it first (oneDNN
     * overwrites, it does not add): memory that held NaNs must not change the result.
     */
    @Test
    void weightGradientsDoNotDependOnWhatTheirMemoryHeldBefore() {
        try (LSTM lstm = new LSTM(3, 4, 1, true, false, 0f, true, 9); GRU gru = new GRU(3, 4, 1, true, false, 0f, false, 10)) {
            for (RNNBase m : List.of(lstm, gru)) {
                Tensor x = Tensor.randn(11, 5, 2, 3);
                List<float[]> clean = weightGradients(m, x);
                try (Scope poison = Scope.open("poison")) { // released to the pool, NaN-filled, before the next backward
                    for (long bytes = 256; bytes <= 1 << 20; bytes += bytes / 8) {
                        for (int copy = 0; copy < 3; copy++) {
                            Tensor.full(Float.NaN, (int) (bytes / Float.BYTES));
                        }
                    }
                }
                List<float[]> again = weightGradients(m, x);
                for (int i = 0; i < clean.size(); i++) {
                    assertArrayEquals(clean.get(i), again.get(i), 1e-6f, m + " parameter " + i);
                }
            }
        }
    }

    /**
     * At hidden 64 oneDNN keeps an LSTM's weight gradients with their 256 gate rows padded to 272 per
     * input column (a GRU's 192 rows unpadded, gates reordered), which the layer hands on as strided
     * views: the gradients must agree with a loop of cells (plain matrix products) when first set,
     * when added to and after zeroGrad.
     */
    @Test
    void weightGradientsFromPaddedLayoutsAgreeWithACellLoop() {
        for (boolean isLstm : new boolean[] {true, false}) {
            try (RNNBase layer = isLstm ? new LSTM(8, 64, 1, true, false, 0f, false, 3) : new GRU(8, 64, 1, true, false, 0f, false, 4);
                 RNNCellBase cell = isLstm ? new LSTMCell(8, 64, true, 5) : new GRUCell(8, 64, true, 6)) {
                java.util.Map<String, Tensor> weights = new java.util.HashMap<>();
                layer.namedParameters().forEach((name, t) -> weights.put(name.replace("_l0", ""), t));
                cell.loadStateDict(weights);
                Tensor x = Tensor.randn(7, 5, 3, 8);
                Tensor w = Tensor.randn(8, 5, 3, 64); // a weighted sum: every step and unit gets its own gradient
                for (int round = 0; round < 3; round++) {
                    if (round == 2) {
                        layer.zeroGrad();
                        cell.zeroGrad();
                    }
                    try (Scope step = Scope.open("step")) {
                        layer.forward(x).mul(w).sum().backward();
                        Tensor h = null;
                        Tensor c = null;
                        Tensor[] outputs = new Tensor[5];
                        for (int t = 0; t < 5; t++) {
                            if (cell instanceof LSTMCell lstmCell) {
                                LSTMCell.State s = lstmCell.forward(x.select(0, t), h == null ? null : new LSTMCell.State(h, c));
                                h = s.h();
                                c = s.c();
                            } else {
                                h = ((GRUCell) cell).forward(x.select(0, t), h);
                            }
                            outputs[t] = h;
                        }
                        Ops.stack(0, outputs).mul(w).sum().backward();
                    }
                    for (String name : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                        float[] expected = cell.namedParameters().get(name).grad().toFloatArray();
                        float[] actual = layer.namedParameters().get(name + "_l0").grad().toFloatArray();
                        dev.myelin.testing.Reference.assertClose(expected, actual, 1e-4f);
                    }
                }
            }
        }
    }

    private static List<float[]> weightGradients(RNNBase m, Tensor x) {
        m.parameters().forEach(p -> p.setGrad(null));
        try (Scope step = Scope.open("step")) {
            m.forward(x).sum().backward();
            return m.parameters().stream().map(p -> p.grad().toFloatArray()).toList();
        }
    }

    @Test
    void badInputIsRejectedNamingTheModule() {
        try (LSTM lstm = new LSTM(4, 3, 2, true, false, 0f, false, 1); GRU gru = new GRU(4, 3, 1, true, true, 0f, true, 2)) {
            long before = OneDnn.executions();
            assertEquals("LSTM: input [5, 2, 6] has feature size 6, expected 4",
                    assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 6))).getMessage());
            assertEquals("LSTM: input [2, 4] has rank 2, expected [T, N, 4]",
                    assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(2, 4))).getMessage());
            assertEquals("LSTM: input [0, 2, 4] is empty (sequence length 0, batch 2); expected [T, N, 4] with T, N >= 1",
                    assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(0, 2, 4))).getMessage());
            assertEquals("GRU: input [0, 5, 4] is empty (sequence length 5, batch 0); expected [N, T, 4] (batch_first) "
                    + "with T, N >= 1", assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(0, 5, 4)))
                    .getMessage());
            assertEquals("LSTM: h0 has shape [1, 2, 3], expected [2, 2, 3] "
                    + "(num_layers * directions, batch, hidden_size)", assertThrows(IllegalArgumentException.class,
                    () -> lstm.forward(Tensor.zeros(5, 2, 4), Tensor.zeros(1, 2, 3), null)).getMessage());
            assertEquals("LSTM: c0 has shape [2, 3, 3], expected [2, 2, 3] "
                    + "(num_layers * directions, batch, hidden_size)", assertThrows(IllegalArgumentException.class,
                    () -> lstm.forward(Tensor.zeros(5, 2, 4), Tensor.zeros(2, 2, 3), Tensor.zeros(2, 3, 3))).getMessage());
            assertEquals("GRU: h0 has shape [1, 3, 3], expected [2, 3, 3] "
                    + "(num_layers * directions, batch, hidden_size)", assertThrows(IllegalArgumentException.class,
                    () -> gru.forward(Tensor.zeros(3, 5, 4), Tensor.zeros(1, 3, 3))).getMessage());
            assertEquals(before, OneDnn.executions(), "bad input is stopped before any native call");
            assertEquals("RNN: nonlinearity must be \"tanh\" or \"relu\", got \"sigmoid\"", assertThrows(
                    IllegalArgumentException.class, () -> new RNN(2, 2, 1, "sigmoid", true, false, 0f, false)).getMessage());
        }
    }

    @Test
    void dropoutActsBetweenLayersInTrainingModeOnly() {
        Tensor x = Tensor.randn(9, 6, 3, 4);
        try (LSTM dropped = new LSTM(4, 5, 2, true, false, 0.5f, false, 12);
             LSTM plain = new LSTM(4, 5, 2, true, false, 0f, false, 12)) {
            float[] reference = plain.forward(x).toFloatArray();
            assertTrue(dropped.namedChildren().containsKey("dropout"));
            assertEquals(plain.namedParameters().keySet(), dropped.namedParameters().keySet());
            assertTrue(!java.util.Arrays.equals(reference, dropped.forward(x).toFloatArray()), "training mode drops");
            dropped.eval();
            assertArrayEquals(reference, dropped.forward(x).toFloatArray(), 1e-6f);
        }
    }

    /** A GRU with a linear head learns the adding problem on short sequences within about a hundred small steps. */
    @Test
    void aGruLearnsTheAddingProblemOnShortSequences() {
        dev.myelin.data.AddingProblem task = new dev.myelin.data.AddingProblem(6, 13);
        dev.myelin.data.AddingProblem.Batch test = task.next(256);
        try (GRU gru = new GRU(2, 16, 1, true, false, 0f, false, 14); Linear head = new Linear(16, 1, true, 15);
             dev.myelin.optim.Adam adam = new dev.myelin.optim.Adam(concatList(gru.parameters(), head.parameters()), 2e-2)) {
            java.util.function.Function<Tensor, Tensor> model = in -> head.forward(gru.forward(in).select(0, in.size(0) - 1));
            for (int step = 0; step < 120; step++) {
                try (dev.myelin.memory.Scope s = dev.myelin.memory.Scope.open("step")) {
                    dev.myelin.data.AddingProblem.Batch b = task.next(32);
                    adam.zeroGrad();
                    dev.myelin.nn.functional.Losses.mse(model.apply(b.inputs()), b.targets()).backward();
                    adam.step();
                }
            }
            try (var off = GradMode.noGrad()) {
                float mse = dev.myelin.nn.functional.Losses.mse(model.apply(test.inputs()), test.targets()).item();
                assertTrue(mse < 0.04, "test MSE " + mse + " (answering 1 scores 0.167)");
            }
        }
    }

    private static List<Tensor> concatList(List<Tensor> a, List<Tensor> b) {
        java.util.List<Tensor> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Over 100 steps the vanilla RNN's gradient of the last output with respect to the first input
     * shrinks like a product of 100 Jacobians of norm below one, while the LSTM's cell state, with the
     * usual forget-gate bias of 1, carries it along.
     */
    @Test
    void vanillaRnnGradientVanishesWhereTheLstmsDoesNot() {
        int steps = 100;
        int hidden = 32;
        try (RNN rnn = new RNN(1, hidden, 1, "tanh", true, false, 0f, false, 11);
             LSTM lstm = new LSTM(1, hidden, 1, true, false, 0f, false, 11)) {
            try (var off = GradMode.noGrad()) {
                Kernels.assign(lstm.namedParameters().get("bias_ih_l0").slice(0, hidden, 2 * hidden), Tensor.scalar(1f));
            }
            double rnnGrad = firstInputGradient(rnn, steps);
            double lstmGrad = firstInputGradient(lstm, steps);
            assertTrue(rnnGrad < 1e-10, "vanilla RNN |d y_T / d x_1| = " + rnnGrad);
            assertTrue(lstmGrad > 1e4 * rnnGrad, "LSTM " + lstmGrad + " vs RNN " + rnnGrad);
        }
    }

    /** |d sum(y_T) / d x_1| for a random sequence of length {@code steps}, batch 1. */
    private static double firstInputGradient(RNNBase m, int steps) {
        Tensor x = Tensor.randn(3, steps, 1, 1).requiresGrad(true);
        m.forward(x).select(0, steps - 1).sum().backward();
        return Math.abs(x.grad().getFloat(0, 0, 0));
    }
}
