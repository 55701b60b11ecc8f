package dev.myelin.nn;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Adds a position's vector from a table {@code [max_len, d_model]} to each element of a sequence:
 * {@code y[.., t, :] = x[.., t, :] + table[t, :]}. Input {@code [N, L, d_model]} when batch-first,
 * else {@code [L, N, d_model]}; also {@code [L, d_model]} for one sequence.
 */
public abstract class PositionalEncoding extends Module {
    protected final int maxLen;
    protected final int dModel;
    private final boolean batchFirst;

    PositionalEncoding(int maxLen, int dModel, boolean batchFirst) {
        if (maxLen <= 0 || dModel <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": max_len and d_model must be positive, got "
                    + maxLen + ", " + dModel);
        }
        this.maxLen = maxLen;
        this.dModel = dModel;
        this.batchFirst = batchFirst;
    }

    /** The table of position vectors, {@code [max_len, d_model]}. */
    protected abstract Tensor table();

    @Override
    public Tensor forward(Tensor x) {
        requireLastDim(x, dModel, "d_model");
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " must be "
                    + (batchFirst ? "[N, L, " : "[L, N, ") + dModel + "] or [L, " + dModel + "]");
        }
        int lengthDim = x.dim() == 3 && batchFirst ? 1 : 0;
        int length = x.size(lengthDim);
        if (length > maxLen) {
            throw new IllegalArgumentException(label() + ": sequence length " + length + " of input " + Shapes.str(x.shape())
                    + " exceeds max_len " + maxLen);
        }
        Tensor rows = table().slice(0, 0, length);
        return x.add(x.dim() == 3 && !batchFirst ? rows.unsqueeze(1) : rows);
    }

    public int maxLen() {
        return maxLen;
    }


    @Override
    protected String extraRepr() {
        return "max_len=" + maxLen + ", d_model=" + dModel + ", batch_first=" + batchFirst;
    }
}
