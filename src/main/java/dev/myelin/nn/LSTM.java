package dev.myelin.nn;

import dev.myelin.backend.dnnl.RnnCell;
import dev.myelin.tensor.Tensor;

/**
 * Long short-term memory, as {@code torch.nn.LSTM}, run by oneDNN's LSTM primitive:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)        o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                             h' = o * tanh(c')
 * </pre>
 * Gates are stacked i, f, g, o in the weights, as in PyTorch (and oneDNN). See {@link RNNBase}
 * for layers, directions, parameters and shapes.
 */
public final class LSTM extends RNNBase {
    /** One layer, with bias, time-first, unidirectional. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0f, false);
    }

    /** PyTorch's options in its order. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, defaultSeed());
    }

    /** As above, with initial weights that depend only on {@code seed}. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, long seed) {
        super(RnnCell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, seed);
    }

    /** Every step's output and the final hidden and cell states, from h0 and c0 {@code [L * D, N, H]} (null for zeros). */
    public LstmOutput forward(Tensor x, Tensor h0, Tensor c0) {
        Tensor[] r = run(x, h0, c0);
        return new LstmOutput(r[0], r[1], r[2]);
    }
}
