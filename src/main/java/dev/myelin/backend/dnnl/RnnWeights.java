package dev.myelin.backend.dnnl;

import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;

/**
 * One recurrent layer's parameters in PyTorch's layout, per direction (index 0 forward, 1 reverse):
 * {@code ih[d]} is {@code weight_ih_l{k}[_reverse]} of shape {@code [gates * H, in]}, {@code hh[d]}
 * is {@code weight_hh} {@code [gates * H, H]}, and the biases {@code [gates * H]} (both null for a
 * layer without bias). Converts them to oneDNN's layouts and the gradients back.
 */
public record RnnWeights(Tensor[] ih, Tensor[] hh, Tensor[] biasIh, Tensor[] biasHh) {
    public int directions() {
        return ih.length;
    }

    public boolean hasBias() {
        return biasIh != null;
    }

    /**
     * The weights as oneDNN's ldgoi {@code [1, D, gates, H, in]}, viewed with the ldigo dimension order
     * {@code [1, D, in, gates, H]} that descriptors use. Per direction, ldgoi is PyTorch's
     * {@code [gates * H, in]} with the gate blocks in oneDNN's order: a unidirectional LSTM or RNN
     * uses the parameter itself, otherwise the row blocks are copied (contiguous copies, no transpose).
     */
    static Tensor toOneDnn(RnnCell cell, Tensor[] w, int hidden) {
        int in = w[0].size(1);
        Tensor goi;
        if (w.length == 1 && sameGateOrder(cell)) {
            goi = w[0].detach().contiguous().view(1, 1, cell.gates(), hidden, in);
        } else {
            goi = Tensor.empty(1, w.length, cell.gates(), hidden, in);
            for (int d = 0; d < w.length; d++) {
                for (int g = 0; g < cell.gates(); g++) {
                    Kernels.assign(goi.select(0, 0).select(0, d).select(0, g), gateRows(w[d].detach(), cell.pytorchGate(g), hidden));
                }
            }
        }
        return asLdigo(goi);
    }

    /** Fresh ldgoi storage for one layer's weight gradient, viewed as {@link #toOneDnn} views weights. */
    static Tensor gradientBuffer(RnnCell cell, int directions, int in, int hidden) {
        return asLdigo(Tensor.empty(1, directions, cell.gates(), hidden, in));
    }

    /** The shape of {@link #gradientBuffer}'s view (ldigo order): {@code [1, D, in, gates, H]}. */
    static int[] ldigoShape(RnnCell cell, int directions, int in, int hidden) {
        return new int[] {1, directions, in, cell.gates(), hidden};
    }

    /**
     * The per-direction PyTorch-shaped {@code [gates * H, in]} gradients in an ldigo-shaped tensor: a
     * buffer from {@link #gradientBuffer}, or a strided view of the layout oneDNN chose (then the
     * results are views of it too, unless the gates need reordering).
     */
    static Tensor[] fromOneDnn(RnnCell cell, Tensor ldigoView, int hidden) {
        Tensor goi = ldigoView.permute(0, 1, 3, 4, 2); // back to [1, D, gates, H, in]
        int dirs = goi.size(1);
        int in = goi.size(4);
        Tensor[] out = new Tensor[dirs];
        for (int d = 0; d < dirs; d++) {
            Tensor dir = goi.select(0, 0).select(0, d);
            if (sameGateOrder(cell)) {
                out[d] = dir.reshape(cell.gates() * hidden, in);
                continue;
            }
            out[d] = Tensor.empty(cell.gates() * hidden, in);
            for (int g = 0; g < cell.gates(); g++) {
                Kernels.assign(gateRows(out[d], cell.pytorchGate(g), hidden), dir.select(0, g));
            }
        }
        return out;
    }

    private static Tensor asLdigo(Tensor goi) {
        return goi.permute(0, 1, 4, 2, 3);
    }

    private static boolean sameGateOrder(RnnCell cell) {
        for (int g = 0; g < cell.gates(); g++) {
            if (cell.pytorchGate(g) != g) {
                return false;
            }
        }
        return true;
    }

    private static Tensor gateRows(Tensor w, int gate, int hidden) {
        return w.slice(0, gate * hidden, (gate + 1) * hidden);
    }

    /**
     * oneDNN's bias {@code [1, D, biasGates, H]}: per gate b_ih + b_hh, except linear-before-reset
     * GRU's new gate, whose two halves stay apart (b_in as gate 2, b_hn as the extra gate 3). Zeros without bias.
     */
    Tensor toOneDnnBias(RnnCell cell, int hidden) {
        Tensor out = Tensor.zeros(1, directions(), cell.biasGates(), hidden);
        if (!hasBias()) {
            return out;
        }
        for (int d = 0; d < directions(); d++) {
            for (int g = 0; g < cell.gates(); g++) {
                int row = cell.pytorchGate(g) * hidden;
                Tensor slot = out.select(0, 0).select(0, d).select(0, g);
                Kernels.assign(slot, biasIh[d].detach().slice(0, row, row + hidden));
                Tensor hh = biasHh[d].detach().slice(0, row, row + hidden);
                if (cell == RnnCell.GRU && g == 2) {
                    Kernels.assign(out.select(0, 0).select(0, d).select(0, 3), hh);
                } else {
                    Kernels.addInPlace(slot, hh);
                }
            }
        }
        return out;
    }

    /** The gradients {b_ih, b_hh} per direction from oneDNN's bias gradient (the inverse of {@link #toOneDnnBias}). */
    static Tensor[][] fromOneDnnBias(RnnCell cell, Tensor diffBias, int hidden) {
        int dirs = diffBias.size(1);
        Tensor[] ih = new Tensor[dirs];
        Tensor[] hh = new Tensor[dirs];
        for (int d = 0; d < dirs; d++) {
            ih[d] = Tensor.empty(cell.gates() * hidden);
            hh[d] = Tensor.empty(cell.gates() * hidden);
            for (int g = 0; g < cell.gates(); g++) {
                int row = cell.pytorchGate(g) * hidden;
                Tensor slot = diffBias.select(0, 0).select(0, d).select(0, g);
                Kernels.assign(ih[d].slice(0, row, row + hidden), slot);
                Kernels.assign(hh[d].slice(0, row, row + hidden),
                        cell == RnnCell.GRU && g == 2 ? diffBias.select(0, 0).select(0, d).select(0, 3) : slot);
            }
        }
        return new Tensor[][] {ih, hh};
    }
}
