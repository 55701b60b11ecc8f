package dev.myelin.golden;

import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.LstmOutput;
import dev.myelin.nn.RNN;
import dev.myelin.nn.RNNBase;
import dev.myelin.nn.RnnOutput;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RNN}, {@link LSTM} and {@link GRU} against {@code torch.nn.RNN/LSTM/GRU} (fixture rnn.json,
 * written by make_rnn_golden.py): the PyTorch parameters are loaded with {@code loadStateDict}, the
 * output compared is every step's output, h_N and c_N flattened into one vector, and the gradients
 * are those of the input, the initial states and every parameter.
 */
class RnnGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of("rnn", RnnGoldenTest::run, "lstm", RnnGoldenTest::run,
            "gru", RnnGoldenTest::run);

    RnnGoldenTest() {
        super("rnn.json", OPS);
    }

    private static Tensor run(Golden.Case c, GoldenCheck.Inputs in) {
        Tensor x = in.get("input");
        int inputSize = x.size(2);
        int hidden = c.intParam("hidden");
        int layers = c.intParam("layers");
        boolean bias = c.boolParam("bias");
        boolean batchFirst = c.boolParam("batch_first");
        boolean bidirectional = c.boolParam("bidirectional");
        RNNBase m = in.closeAfter(switch (c.op()) {
            case "rnn" -> new RNN(inputSize, hidden, layers, c.stringParam("nonlinearity"), bias, batchFirst, 0f, bidirectional);
            case "lstm" -> new LSTM(inputSize, hidden, layers, bias, batchFirst, 0f, bidirectional);
            default -> new GRU(inputSize, hidden, layers, bias, batchFirst, 0f, bidirectional);
        });
        Map<String, Tensor> state = new HashMap<>();
        for (String name : m.namedParameters().keySet()) {
            state.put(name, in.get(name));
        }
        m.loadStateDict(state);
        m.namedParameters().forEach(in::bind);
        Tensor h0 = in.has("h0") ? in.get("h0") : null;
        Tensor c0 = in.has("c0") ? in.get("c0") : null;
        if (m instanceof LSTM lstm) {
            LstmOutput o = lstm.forward(x, h0, c0);
            return Ops.concat(0, o.output().reshape(-1), o.hN().reshape(-1), o.cN().reshape(-1));
        }
        RnnOutput o = m instanceof RNN rnn ? rnn.forward(x, h0) : ((GRU) m).forward(x, h0);
        return Ops.concat(0, o.output().reshape(-1), o.hN().reshape(-1));
    }
}
