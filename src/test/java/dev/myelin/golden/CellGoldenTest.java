package dev.myelin.golden;

import dev.myelin.nn.GRUCell;
import dev.myelin.nn.LSTMCell;
import dev.myelin.nn.RNNCell;
import dev.myelin.nn.RNNCellBase;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The recurrent cells against {@code torch.nn.RNNCell/LSTMCell/GRUCell} over a few steps (fixture
 * cells.json, written by make_cell_golden.py): the fixture's parameters are loaded into the cell, every
 * step's state is stacked as PyTorch's script stacks it, and the gradients of the input sequence, the
 * initial states and the cell's own parameters are compared.
 */
class CellGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of("rnn", CellGoldenTest::rnn, "lstm", CellGoldenTest::lstm,
            "gru", CellGoldenTest::gru);

    CellGoldenTest() {
        super("cells.json", OPS);
    }

    private static Tensor rnn(Golden.Case c, GoldenCheck.Inputs in) {
        RNNCell.Nonlinearity f = c.stringParam("cell").equals("rnn_relu") ? RNNCell.Nonlinearity.RELU : RNNCell.Nonlinearity.TANH;
        RNNCell cell = load(c, in, new RNNCell(inputSize(in), c.intParam("hidden"), c.boolParam("bias"), f, 0));
        return unroll(in, cell::forward);
    }

    private static Tensor gru(Golden.Case c, GoldenCheck.Inputs in) {
        GRUCell cell = load(c, in, new GRUCell(inputSize(in), c.intParam("hidden"), c.boolParam("bias"), 0));
        return unroll(in, cell::forward);
    }

    /** Runs a one-state cell over the fixture's input from h0 and stacks every step's hidden state. */
    private static Tensor unroll(GoldenCheck.Inputs in, BinaryOperator<Tensor> step) {
        Tensor x = in.get("input");
        Tensor h = in.get("h0");
        Tensor[] steps = new Tensor[x.size(0)];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = h = step.apply(x.select(0, t), h);
        }
        return Ops.stack(0, steps);
    }

    private static Tensor lstm(Golden.Case c, GoldenCheck.Inputs in) {
        LSTMCell cell = load(c, in, new LSTMCell(inputSize(in), c.intParam("hidden"), c.boolParam("bias"), 0));
        Tensor x = in.get("input");
        LSTMCell.State s = new LSTMCell.State(in.get("h0"), in.get("c0"));
        Tensor[] steps = new Tensor[x.size(0)];
        for (int t = 0; t < steps.length; t++) {
            s = cell.forward(x.select(0, t), s);
            steps[t] = Ops.stack(0, s.h(), s.c());
        }
        return Ops.stack(0, steps);
    }

    private static int inputSize(GoldenCheck.Inputs in) {
        return in.get("input").size(2);
    }

    /** Copies the fixture's parameters into the cell and reads their gradients from the cell's own. */
    private static <C extends RNNCellBase> C load(Golden.Case c, GoldenCheck.Inputs in, C cell) {
        in.closeAfter(cell);
        Map<String, Tensor> state = new HashMap<>();
        for (String name : cell.namedParameters().keySet()) {
            state.put(name, in.get(name));
        }
        cell.loadStateDict(state);
        cell.namedParameters().forEach(in::bind);
        return cell;
    }
}
