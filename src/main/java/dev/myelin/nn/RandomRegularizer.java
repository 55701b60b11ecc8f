package dev.myelin.nn;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A layer that perturbs its input in training mode only (dropout, noise), from its own seeded
 * generator so a run can be repeated exactly; in evaluation mode the input passes unchanged.
 */
abstract class RandomRegularizer extends Module {
    /** The module's generator: draw masks and noise from it only. */
    protected SplittableRandom random;

    RandomRegularizer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Restarts the random sequence, as if the module had been built with {@code seed}. */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Whether this call perturbs anything: training mode and a non-zero strength. */
    abstract boolean active();

    /** The perturbed input (called only when {@link #active()}). */
    abstract Tensor perturb(Tensor x);

    @Override
    public final Tensor forward(Tensor x) {
        requireOpen();
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " is " + x.dtype()
                    + ", expected float32");
        }
        return isTraining() && active() ? perturb(x) : x;
    }
}
