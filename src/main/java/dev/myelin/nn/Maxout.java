package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Goodfellow et al.'s maxout unit: a linear map to {@code out * pieces} values, then the maximum
 * over each unit's {@code pieces}: {@code y_i = max_j (x W^T + b)_{i * pieces + j}}.
 *
 * <p>Shapes: input {@code [*, in]}, output {@code [*, out]}. The linear map is the child
 * {@code linear} (weight {@code [out * pieces, in]}), initialised as {@link Linear}.
 */
public final class Maxout extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final int pieces;
    private final Linear linear;

    public Maxout(int inFeatures, int outFeatures, int pieces) {
        this(inFeatures, outFeatures, pieces, Init.nextSeed());
    }

    public Maxout(int inFeatures, int outFeatures, int pieces, long seed) {
        if (pieces <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Maxout: out_features and pieces must be positive, got out=" + outFeatures
                    + ", pieces=" + pieces);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.pieces = pieces;
        this.linear = module("linear", new Linear(inFeatures, Math.multiplyExact(outFeatures, pieces), true, seed));
    }

    @Override
    public Tensor forward(Tensor x) {
        requireLastDim(x, inFeatures, "in_features");
        int[] s = x.shape();
        int[] grouped = Arrays.copyOf(s, s.length + 1);
        grouped[s.length - 1] = outFeatures;
        grouped[s.length] = pieces;
        return Ops.max(linear.forward(x).reshape(grouped), -1, false).values();
    }

    public Linear linear() {
        return linear;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", pieces=" + pieces;
    }
}
