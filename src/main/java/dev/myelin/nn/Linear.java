package dev.myelin.nn;

import dev.myelin.nn.init.FanMode;
import dev.myelin.nn.init.Init;
import dev.myelin.nn.init.Nonlinearity;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A fully connected layer: {@code y = x W^T + b}.
 *
 * <p>Shapes: input {@code [*, in]}, output {@code [*, out]}; weight {@code [out, in]}, bias {@code [out]}.
 * {@code W^T} is a transposed view, which BLAS reads in place.
 *
 * <p>Initialisation as PyTorch's: the weight by Kaiming uniform with {@code a = sqrt(5)}, which is
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, and the bias from the same interval.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Init.nextSeed());
    }

    /** A layer whose initial weights depend only on {@code seed}. */
    public Linear(int inFeatures, int outFeatures, boolean bias, long seed) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be positive, got in="
                    + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = param("weight", outFeatures, inFeatures);
        this.bias = bias ? param("bias", outFeatures) : null;
        resetParameters(seed);
    }

    /** Draws new initial values (PyTorch's default scheme, see the class comment). */
    public void resetParameters(long seed) {
        requireOpen();
        SplittableRandom seeds = new SplittableRandom(seed);
        Init.kaimingUniform(weight, (float) Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, seeds.nextLong());
        if (bias != null) {
            float bound = (float) (1 / Math.sqrt(inFeatures));
            Init.uniform(bias, -bound, bound, seeds.nextLong());
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        requireLastDim(x, inFeatures, "in_features");
        return Ops.linear(x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null);
    }
}
