package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.Tensor;

/**
 * Additive Gaussian noise, a regulariser active only in training mode: {@code y = x + std * n} with
 * {@code n ~ N(0, 1)} drawn afresh for every element and call; {@code dy/dx = 1}. In evaluation mode
 * the input passes unchanged. Put it before a layer to perturb that layer's inputs, after it to
 * perturb its outputs; for noise on the weights see {@code dev.myelin.train.WeightNoise}. Seeded
 * per module, like {@link Dropout}.
 */
public final class GaussianNoise extends RandomRegularizer {
    private final float std;

    public GaussianNoise(float std) {
        this(std, Init.nextSeed());
    }

    public GaussianNoise(float std, long seed) {
        super(seed);
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("GaussianNoise: std must be finite and >= 0, got " + std);
        }
        this.std = std;
    }

    public float std() {
        return std;
    }

    @Override
    boolean active() {
        return std > 0;
    }

    @Override
    Tensor perturb(Tensor x) {
        Tensor noise = Tensor.randn(random.nextLong(), x.shape()).mul(std); // no gradient: a constant term
        return x.add(noise);
    }

    @Override
    protected String extraRepr() {
        return "std=" + std;
    }
}
