package dev.myelin.nn;

import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Normalization;
import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * What BatchNorm1d and BatchNorm2d share: per-channel weight (ones) and bias (zeros) when affine,
 * and running mean (zeros) and variance (ones) buffers updated in training with {@code momentum}
 * (PyTorch's 0.1 by default) from the unbiased batch variance; see {@link Normalization#batchNorm}.
 */
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final float eps;
    private final float momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final int[] ranks;
    private final String layout;

    BatchNorm(int numFeatures, float eps, float momentum, boolean affine, int[] ranks, String layout) {
        if (numFeatures <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need num_features > 0, eps > 0 and momentum in [0, 1], got "
                    + numFeatures + ", " + eps + ", " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.ranks = ranks;
        this.layout = layout;
        this.weight = affine ? Init.constant(param("weight", numFeatures), 1f) : null;
        this.bias = affine ? param("bias", numFeatures) : null;
        try (Scope init = Scope.open("init running statistics")) { // buffer() moves them to the module's memory
            this.runningMean = buffer("running_mean", Tensor.zeros(numFeatures));
            this.runningVar = buffer("running_var", Tensor.ones(numFeatures));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        boolean rankOk = false;
        for (int r : ranks) {
            rankOk |= x.dim() == r;
        }
        if (!rankOk || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(label() + ": expected input " + layout + " with C = " + numFeatures + ", got "
                    + Shapes.str(x.shape()));
        }
        return Normalization.batchNorm(label(), x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }

    /** The scale, or null without affine. */
    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }
}
