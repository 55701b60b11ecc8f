package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * A layer of Gaussian radial basis functions with learnable centres and widths:
 * {@code y_j = exp(-gamma_j * ||x - c_j||^2)}, with {@code gamma_j = exp(logGamma_j)} so widths stay positive.
 *
 * <p>Shapes: input {@code [*, in]}, output {@code [*, centers]}; parameters {@code centers [centers, in]}
 * and {@code log_gamma [centers]}. Initially the centres are drawn from N(0, 1) and every gamma is 1.
 * Composed from differentiable ops, so both the centres and the widths learn by backpropagation.
 */
public final class RBF extends Module {
    private final int inFeatures;
    private final int numCenters;
    private final Tensor centers;
    private final Tensor logGamma;

    public RBF(int inFeatures, int numCenters) {
        this(inFeatures, numCenters, Init.nextSeed());
    }

    public RBF(int inFeatures, int numCenters, long seed) {
        if (inFeatures <= 0 || numCenters <= 0) {
            throw new IllegalArgumentException("RBF: in_features and centers must be positive, got in=" + inFeatures
                    + ", centers=" + numCenters);
        }
        this.inFeatures = inFeatures;
        this.numCenters = numCenters;
        this.centers = Init.normal(param("centers", numCenters, inFeatures), 0, 1, seed);
        this.logGamma = param("log_gamma", numCenters); // zeros: gamma = 1
    }

    @Override
    public Tensor forward(Tensor x) {
        requireLastDim(x, inFeatures, "in_features");
        Tensor diff = x.unsqueeze(-2).sub(centers);              // [*, centers, in]
        Tensor squaredDistance = diff.mul(diff).sum(false, -1); // [*, centers]
        return squaredDistance.mul(logGamma.exp()).neg().exp();
    }

    public Tensor centers() {
        return centers;
    }

    /** The log of each basis function's gamma (inverse squared width). */
    public Tensor logGamma() {
        return logGamma;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", centers=" + numCenters;
    }
}
