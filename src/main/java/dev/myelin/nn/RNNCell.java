package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/**
 * An Elman RNN cell, as PyTorch's {@code nn.RNNCell}:
 * {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)} with act tanh or ReLU.
 * Shapes: x {@code [N, I]}, h and h' {@code [N, H]}; parameters as in {@link RNNCellBase} with one gate.
 */
public final class RNNCell extends RNNCellBase {
    /** The cell's non-linearity. */
    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;

    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Nonlinearity.TANH, dev.myelin.nn.init.Init.nextSeed());
    }

    /** A cell whose initial weights depend only on {@code seed}. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, Nonlinearity nonlinearity, long seed) {
        super(inputSize, hiddenSize, 1, bias, seed);
        this.nonlinearity = nonlinearity;
    }

    /** One step from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** One step: the new hidden state; {@code h} null means zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        Tensor state = checkStep(x, h);
        return activate(inputGates(x).add(hiddenGates(state)));
    }

    private Tensor activate(Tensor pre) {
        return nonlinearity == Nonlinearity.TANH ? Activations.tanh(pre) : Activations.relu(pre);
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", nonlinearity=" + nonlinearity.name().toLowerCase(java.util.Locale.ROOT);
    }
}
