package dev.myelin.backend.dnnl;

/**
 * The recurrent cells oneDNN runs, with how their gates map between PyTorch's layout and oneDNN's.
 *
 * <p>PyTorch stacks the gates of {@code weight_ih}/{@code weight_hh} as rows {@code [gates * H, *]}:
 * LSTM i, f, g, o; GRU r, z, n. oneDNN's ldigo weights order them LSTM i, f, c~, o (the same) and
 * linear-before-reset GRU u, r, o (PyTorch's z, r, n), so the GRU's first two gates swap.
 */
public enum RnnCell {
    RNN_TANH(1, new int[] {0}),
    RNN_RELU(1, new int[] {0}),
    LSTM(4, new int[] {0, 1, 2, 3}),
    GRU(3, new int[] {1, 0, 2});

    private final int gates;
    private final int[] pytorchGate;

    RnnCell(int gates, int[] pytorchGate) {
        this.gates = gates;
        this.pytorchGate = pytorchGate;
    }

    /** Gates per step: the rows of PyTorch's weights are {@code gates() * hidden}. */
    public int gates() {
        return gates;
    }

    /** The PyTorch gate stored as oneDNN gate {@code g}. */
    int pytorchGate(int g) {
        return pytorchGate[g];
    }

    /** oneDNN's bias gates: linear-before-reset GRU has a fourth, the bias of W_hn h inside r * (...). */
    int biasGates() {
        return this == GRU ? 4 : gates;
    }

    /** Whether the cell carries a cell state c besides h (LSTM). */
    public boolean hasCellState() {
        return this == LSTM;
    }

    /** PyTorch's name for the module running this cell, for messages. */
    public String moduleName() {
        return switch (this) {
            case RNN_TANH, RNN_RELU -> "RNN";
            case LSTM -> "LSTM";
            case GRU -> "GRU";
        };
    }
}
