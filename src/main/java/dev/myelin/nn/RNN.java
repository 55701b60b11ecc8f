package dev.myelin.nn;

import dev.myelin.backend.dnnl.RnnCell;
import dev.myelin.tensor.Tensor;

/**
 * Elman recurrent network, as {@code torch.nn.RNN}: {@code h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)}
 * with act tanh or ReLU, per layer and direction (see {@link RNNBase} for layers, directions,
 * parameters and shapes), run by oneDNN's vanilla RNN primitive.
 */
public final class RNN extends RNNBase {
    private final String nonlinearity;

    /** One layer, tanh, with bias, time-first, unidirectional. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0f, false);
    }

    /** PyTorch's options in its order; {@code nonlinearity} is "tanh" or "relu". */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
            float dropout, boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional, defaultSeed());
    }

    /** As above, with initial weights that depend only on {@code seed}. */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
            float dropout, boolean bidirectional, long seed) {
        super(cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, seed);
        this.nonlinearity = nonlinearity;
    }

    private static RnnCell cell(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RnnCell.RNN_TANH;
            case "relu" -> RnnCell.RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: nonlinearity must be \"tanh\" or \"relu\", got \""
                    + nonlinearity + "\"");
        };
    }

    /** Every step's output and the final hidden states, starting from {@code h0 [L * D, N, H]} (null for zeros). */
    public RnnOutput forward(Tensor x, Tensor h0) {
        Tensor[] r = run(x, h0, null);
        return new RnnOutput(r[0], r[1]);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ("tanh".equals(nonlinearity) ? "" : ", nonlinearity=" + nonlinearity);
    }
}
