package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * A gated recurrent unit cell, as PyTorch's {@code nn.GRUCell}, gates in PyTorch's order r, z, n:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 * z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 * h' = (1 - z) * n + z * h
 * </pre>
 * The reset gate multiplies the hidden part after its product (and bias), as in PyTorch and
 * oneDNN's linear-before-reset GRU, not before it as in Cho et al. 2014.
 * Shapes: x {@code [N, I]}, h {@code [N, H]}; parameters as in {@link RNNCellBase} with three gates.
 */
public final class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, dev.myelin.nn.init.Init.nextSeed());
    }

    /** A cell whose initial weights depend only on {@code seed}. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, long seed) {
        super(inputSize, hiddenSize, 3, bias, seed);
    }

    /** One step from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** One step: the new hidden state; {@code h} null means zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        Tensor state = checkStep(x, h);
        Tensor gi = inputGates(x);
        Tensor gh = hiddenGates(state);
        int hidden = hiddenSize();
        Tensor rz = Activations.sigmoid(gi.slice(1, 0, 2 * hidden).add(gh.slice(1, 0, 2 * hidden)));
        Tensor n = Activations.tanh(gate(gi, 2).add(gate(rz, 0).mul(gate(gh, 2))));
        return n.add(gate(rz, 1).mul(state.sub(n))); // (1 - z) n + z h
    }
}
