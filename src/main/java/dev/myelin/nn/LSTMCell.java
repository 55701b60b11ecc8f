package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * A long short-term memory cell, as PyTorch's {@code nn.LSTMCell}, gates in PyTorch's order i, f, g, o:
 * <pre>
 * [i f g o] = x W_ih^T + b_ih + h W_hh^T + b_hh
 * c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
 * h' = sigmoid(o) * tanh(c')
 * </pre>
 * Shapes: x {@code [N, I]}, h and c {@code [N, H]}; parameters as in {@link RNNCellBase} with four gates.
 */
public final class LSTMCell extends RNNCellBase {
    /** The hidden state h and the cell state c, both {@code [N, H]}. */
    public record State(Tensor h, Tensor c) {}

    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, dev.myelin.nn.init.Init.nextSeed());
    }

    /** A cell whose initial weights depend only on {@code seed}. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, long seed) {
        super(inputSize, hiddenSize, 4, bias, seed);
    }

    /** One step from a zero state; returns h'. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /** One step; {@code state} null means zeros. */
    public State forward(Tensor x, State state) {
        int batch = checkInput(x);
        State s = state != null ? state : zeroState(x);
        checkState("hidden state h", s.h(), batch);
        checkState("cell state c", s.c(), batch);
        Tensor gates = inputGates(x).add(hiddenGates(s.h()));
        Tensor sig = Activations.sigmoid(gates); // the g quarter is unused: one call beats three
        Tensor c = gate(sig, 1).mul(s.c()).add(gate(sig, 0).mul(Activations.tanh(gate(gates, 2))));
        Tensor h = gate(sig, 3).mul(Activations.tanh(c));
        return new State(h, c);
    }

    /** Zero h and c for a batch like {@code x}'s. */
    public State zeroState(Tensor x) {
        int batch = checkInput(x);
        return new State(zeroState(batch), zeroState(batch));
    }
}
