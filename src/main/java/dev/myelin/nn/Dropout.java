package dev.myelin.nn;

import dev.myelin.autograd.Autograd;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training mode each element is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so the expected output
 * equals the input and evaluation needs no rescaling; in evaluation mode the input passes unchanged.
 *
 * <p>{@code y = x * m} with {@code m_i = 0} (probability p) or {@code 1 / (1 - p)}; {@code dy/dx = m}.
 * The masks come from the module's own generator, so a module built with a given seed drops the
 * same elements on every run.
 */
public final class Dropout extends RandomRegularizer {
    private final float p;

    /** Dropout with probability {@code p} and a seed from the global sequence ({@link Init#nextSeed()}). */
    public Dropout(float p) {
        this(p, Init.nextSeed());
    }

    public Dropout(float p, long seed) {
        super(seed);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public float p() {
        return p;
    }

    @Override
    boolean active() {
        return p > 0;
    }

    @Override
    Tensor perturb(Tensor x) {
        return drop(x, p, random.nextLong());
    }

    /**
     * {@code x} with each element zeroed with probability {@code p} and the rest scaled by
     * {@code 1 / (1 - p)}, as one recorded op "dropout". Whether element {@code i} survives is a hash
     * of {@code (seed, i)}, so backward recomputes the mask instead of keeping one: no mask memory, and
     * one vectorised pass each way (a stored mask drawn from a sequential generator, then applied, took
     * a fifth of a Transformer step).
     */
    static Tensor drop(Tensor x, float p, long seed) {
        Tensor out = HashedMask.scale(x.detach().contiguous(), p, seed);
        return Autograd.record("dropout", out, new Tensor[] {x}, (g, needs) -> new Tensor[] {HashedMask.scale(g.contiguous(), p, seed)});
    }

    /**
     * {@code x * mask} as one recorded op named "dropout", whose backward is {@code g * mask}. The
     * mask (already scaled) must have x's shape; it never receives a gradient.
     */
    public static Tensor applyMask(Tensor x, Tensor mask) {
        if (!Arrays.equals(x.shape(), mask.shape())) {
            throw new IllegalArgumentException("dropout: mask " + Shapes.str(mask.shape()) + " does not match input "
                    + Shapes.str(x.shape()));
        }
        Tensor m = mask.detach();
        return Autograd.record("dropout", Kernels.mul(x, m), new Tensor[] {x}, (g, needs) -> new Tensor[] {Kernels.mul(g, m)});
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
