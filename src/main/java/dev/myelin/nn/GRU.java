package dev.myelin.nn;

import dev.myelin.backend.dnnl.RnnCell;
import dev.myelin.tensor.Tensor;

/**
 * Gated recurrent unit, as {@code torch.nn.GRU}:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))  h' = (1 - z) * n + z * h
 * </pre>
 * The reset gate multiplies the hidden state's product <em>after</em> the linear map (and its bias
 * b_hn), which is what oneDNN calls the linear-before-reset GRU ({@code dnnl_lbr_gru}); oneDNN's
 * plain GRU applies r before the map, {@code tanh(W x + U (r * h) + b)}, a different function. So
 * this runs lbr_gru, whose extra fourth bias holds b_hn. oneDNN stacks the gates u (PyTorch's z),
 * r, o (PyTorch's n); the weights are reordered on the way in and the gradients on the way out.
 * See {@link RNNBase} for layers, directions, parameters and shapes.
 */
public final class GRU extends RNNBase {
    /** One layer, with bias, time-first, unidirectional. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0f, false);
    }

    /** PyTorch's options in its order. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, defaultSeed());
    }

    /** As above, with initial weights that depend only on {@code seed}. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, long seed) {
        super(RnnCell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, seed);
    }

    /** Every step's output and the final hidden states, starting from {@code h0 [L * D, N, H]} (null for zeros). */
    public RnnOutput forward(Tensor x, Tensor h0) {
        Tensor[] r = run(x, h0, null);
        return new RnnOutput(r[0], r[1]);
    }
}
