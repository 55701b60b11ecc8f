package dev.myelin.nn;

import dev.myelin.nn.init.Init;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Additive Gaussian noise, a regulariser active only in training mode: {@code y = x + std * n} with
 * {@code n ~ N(0, 1)} drawn afresh for every element and call; {@code dy/dx = 1}. In evaluation mode
 * the input passes unchanged. Put it before a layer to perturb that layer's inputs, after it to
 * perturb its outputs; for noise on the weights see {@code dev.myelin.train.WeightNoise}. Seeded
 * per module, like {@link Dropout}.
 */
public final class GaussianNoise extends Module {
    private final float std;
    private SplittableRandom random;

    public GaussianNoise(float std) {
        this(std, Init.nextSeed());
    }

    public GaussianNoise(float std, long seed) {
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("GaussianNoise: std must be finite and >= 0, got " + std);
        }
        this.std = std;
        this.random = new SplittableRandom(seed);
    }

    /** Restarts the noise sequence, as if the module had been built with {@code seed}. */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    public float std() {
        return std;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " is " + x.dtype()
                    + ", expected float32");
        }
        if (!isTraining() || std == 0) {
            return x;
        }
        Tensor noise = Tensor.randn(random.nextLong(), x.shape()).mul(std); // no gradient: a constant term
        return x.add(noise);
    }

    @Override
    protected String extraRepr() {
        return "std=" + std;
    }
}
