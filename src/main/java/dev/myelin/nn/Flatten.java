package dev.myelin.nn;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Merges dimensions {@code startDim..endDim} (inclusive; negative counts from the end) into one,
 * e.g. {@code [N, C, H, W] -> [N, C*H*W]} with the defaults (1, -1). A view when the strides allow.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        int[] s = x.shape();
        if (s.length == 0) {
            return x.reshape(1); // as PyTorch: a scalar flattens to one element
        }
        int start = startDim < 0 ? startDim + s.length : startDim;
        int end = endDim < 0 ? endDim + s.length : endDim;
        if (start < 0 || start >= s.length || end < 0 || end >= s.length || start > end) {
            throw new IllegalArgumentException(label() + ": cannot flatten dims " + startDim + ".." + endDim
                    + " of input " + Shapes.str(s) + " (rank " + s.length + ")");
        }
        int merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= s[d];
        }
        int[] out = new int[s.length - (end - start)];
        System.arraycopy(s, 0, out, 0, start);
        out[start] = merged;
        System.arraycopy(s, end + 1, out, start + 1, s.length - end - 1);
        return Arrays.equals(out, s) ? x : x.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
