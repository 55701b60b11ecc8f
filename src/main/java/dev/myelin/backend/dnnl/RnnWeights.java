package dev.myelin.backend.dnnl;

import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;

/**
 * One recurrent layer's parameters in PyTorch's layout, per direction (index 0 forward, 1 reverse):
 * {@code ih[d]} is {@code weight_ih_l{k}[_reverse]} of shape {@code [gates * H, in]}, {@code hh[d]}
 * is {@code weight_hh} {@code [gates * H, H]}, and the biases {@code [gates * H]} (both null for a
 * layer without bias). Converts them to oneDNN's plain layouts and the gradients back.
 */
public record RnnWeights(Tensor[] ih, Tensor[] hh, Tensor[] biasIh, Tensor[] biasHh) {
    public int directions() {
        return ih.length;
    }

    public boolean hasBias() {
        return biasIh != null;
    }

    /** The weights as oneDNN's ldigo {@code [1, D, in, gates, H]}: gate g's block is PyTorch's rows of that gate, transposed. */
    static Tensor toLdigo(RnnCell cell, Tensor[] w, int hidden) {
        Tensor out = Tensor.empty(1, w.length, w[0].size(1), cell.gates(), hidden);
        for (int d = 0; d < w.length; d++) {
            copyGates(cell, hidden, out.select(0, 0).select(0, d), w[d].detach(), true);
        }
        return out;
    }

    /** ldigo gradients {@code [1, D, in, gates, H]} as PyTorch-shaped {@code [gates * H, in]} tensors, one per direction. */
    static Tensor[] fromLdigo(RnnCell cell, Tensor ldigo, int hidden) {
        Tensor[] out = new Tensor[ldigo.size(1)];
        for (int d = 0; d < out.length; d++) {
            out[d] = Tensor.empty(cell.gates() * hidden, ldigo.size(2));
            copyGates(cell, hidden, ldigo.select(0, 0).select(0, d), out[d], false);
        }
        return out;
    }

    /**
     * Copies between one direction of ldigo {@code [in, gates, H]} and PyTorch's {@code [gates * H, in]}:
     * one transposing reorder of the whole, with the row blocks of the gates first put in oneDNN's
     * order when the orders differ (GRU). oneDNN sizes a strided descriptor by its full extent, so
     * the transpose always covers whole tensors, never a gate's slice at an offset.
     */
    private static void copyGates(RnnCell cell, int hidden, Tensor ldigoDir, Tensor pytorch, boolean toLdigo) {
        Tensor flat = ldigoDir.view(ldigoDir.size(0), cell.gates() * hidden);
        boolean sameOrder = true;
        for (int g = 0; g < cell.gates(); g++) {
            sameOrder &= cell.pytorchGate(g) == g;
        }
        Tensor rows = sameOrder ? pytorch : Tensor.empty(pytorch.shape());
        for (int g = 0; toLdigo && !sameOrder && g < cell.gates(); g++) {
            Kernels.assign(gateRows(rows, g, hidden), gateRows(pytorch, cell.pytorchGate(g), hidden));
        }
        RnnReorder.copy(toLdigo ? rows.t() : flat, toLdigo ? flat : rows.t());
        for (int g = 0; !toLdigo && !sameOrder && g < cell.gates(); g++) {
            Kernels.assign(gateRows(pytorch, cell.pytorchGate(g), hidden), gateRows(rows, g, hidden));
        }
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
