package dev.myelin.train;

import dev.myelin.autograd.GradMode;
import dev.myelin.nn.Module;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Gaussian noise on the weights during training (Graves, 2011): each training step runs forward
 * and backward with every parameter (weights and biases) at {@code w + std * n}, {@code n ~ N(0, 1)} drawn afresh per step, and the
 * optimizer then updates the clean weights, which are put back exactly (copied, not subtracted).
 * Evaluation never sees the noise. Give it to {@link Trainer.Builder#weightNoise}.
 */
public final class WeightNoise implements AutoCloseable {
    private final float std;
    private final SplittableRandom random;
    private final WeightsSnapshot clean = new WeightsSnapshot();

    public WeightNoise(float std, long seed) {
        if (!(std >= 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("WeightNoise: std must be finite and >= 0, got " + std);
        }
        this.std = std;
        this.random = new SplittableRandom(seed);
    }

    public float std() {
        return std;
    }

    /** Adds noise to every parameter of {@code model} in place; closing the result restores the clean values. */
    public Restore perturb(Module model) {
        clean.capture(model);
        try (var off = GradMode.noGrad()) {
            for (Tensor p : model.parameters()) {
                Kernels.axpyInPlace(p.detach(), std, Tensor.randn(random.nextLong(), p.shape()));
            }
        }
        return () -> clean.restore(model);
    }

    /** Frees the copy of the clean weights. */
    @Override
    public void close() {
        clean.close();
    }

    /** Puts the clean weights back. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
