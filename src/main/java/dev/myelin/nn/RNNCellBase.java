package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share, in PyTorch's layout: {@code G}
 * gates stacked in {@code weight_ih [G*H, I]}, {@code weight_hh [G*H, H]}, {@code bias_ih [G*H]} and
 * {@code bias_hh [G*H]}, every value drawn from {@code U(-1/sqrt(H), 1/sqrt(H))}. One step costs one
 * GEMM for the input part and one for the hidden part, all gates at once.
 */
public abstract class RNNCellBase extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    RNNCellBase(int inputSize, int hiddenSize, int gates, boolean bias, long seed) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(label() + ": input_size and hidden_size must be positive, got input_size="
                    + inputSize + ", hidden_size=" + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.weightIh = param("weight_ih", gates * hiddenSize, inputSize);
        this.weightHh = param("weight_hh", gates * hiddenSize, hiddenSize);
        this.biasIh = bias ? param("bias_ih", gates * hiddenSize) : null;
        this.biasHh = bias ? param("bias_hh", gates * hiddenSize) : null;
        resetParameters(seed);
    }

    /** Draws every parameter from {@code U(-1/sqrt(H), 1/sqrt(H))}, as PyTorch. */
    public final void resetParameters(long seed) {
        requireOpen();
        Init.recurrentUniform(parameters(), hiddenSize, seed);
    }

    /** {@code x W_ih^T + b_ih}: the input's contribution to every gate, {@code [N, G*H]}. */
    final Tensor inputGates(Tensor x) {
        Tensor g = rows(x).matmul(weightIh.t());
        return biasIh == null ? g : g.add(biasIh);
    }

    /** {@code h W_hh^T + b_hh}: the hidden state's contribution to every gate, {@code [N, G*H]}. */
    final Tensor hiddenGates(Tensor h) {
        Tensor g = rows(h).matmul(weightHh.t());
        return biasHh == null ? g : g.add(biasHh);
    }

    /**
     * The operand as contiguous rows. A step of a batch-first sequence, {@code x.select(1, t)}, is a
     * row-strided view, and the oneDNN matmul path refuses those (its size check counts the last
     * row's full stride), so such views are copied first; contiguous ones pass through.
     */
    private static Tensor rows(Tensor t) {
        return t.contiguous();
    }

    /** Gate {@code k} (in PyTorch's order) of stacked gates {@code [N, G*H]}: a view. */
    final Tensor gate(Tensor gates, int k) {
        return gates.slice(1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    /** Checks a step's input {@code [N, I]} before any native call and returns N. */
    final int checkInput(Tensor x) {
        requireOpen();
        int[] s = x.shape();
        requireFloat("input", x);
        if (s.length != 2) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has " + s.length
                    + " dimensions, expected [batch, " + inputSize + "]");
        }
        if (s[1] != inputSize) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has feature size " + s[1]
                    + ", expected " + inputSize);
        }
        return s[0];
    }

    /** Checks that a state tensor is float32 {@code [batch, H]}. */
    final void checkState(String what, Tensor state, int batch) {
        requireFloat(what, state);
        int[] s = state.shape();
        if (s.length != 2 || s[0] != batch || s[1] != hiddenSize) {
            throw new IllegalArgumentException(label() + ": " + what + " " + Shapes.str(s)
                    + " does not fit an input batch of " + batch + ": expected [" + batch + ", " + hiddenSize + "]");
        }
    }

    /**
     * Checks a step of a one-state cell (RNN, GRU) before any native call: the input {@code [N, I]}
     * and the hidden state {@code [N, H]}, which null means zeros. Returns the hidden state.
     */
    final Tensor checkStep(Tensor x, Tensor h) {
        int batch = checkInput(x);
        Tensor state = h != null ? h : zeroState(batch);
        checkState("hidden state", state, batch);
        return state;
    }

    private void requireFloat(String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": " + what + " " + Shapes.str(t.shape()) + " is " + t.dtype()
                    + ", expected float32");
        }
    }

    /** A zero state {@code [batch, H]}, the default initial state. */
    final Tensor zeroState(int batch) {
        return Tensor.zeros(batch, hiddenSize);
    }

    public final int inputSize() {
        return inputSize;
    }

    public final int hiddenSize() {
        return hiddenSize;
    }

    public final Tensor weightIh() {
        return weightIh;
    }

    public final Tensor weightHh() {
        return weightHh;
    }

    /** The input-side bias, or null for a cell built without biases. */
    public final Tensor biasIh() {
        return biasIh;
    }

    /** The hidden-side bias, or null for a cell built without biases. */
    public final Tensor biasHh() {
        return biasHh;
    }

    @Override
    protected String extraRepr() {
        return "input_size=" + inputSize + ", hidden_size=" + hiddenSize + ", bias=" + (biasIh != null);
    }
}
