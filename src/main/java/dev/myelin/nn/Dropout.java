package dev.myelin.nn;

import dev.myelin.autograd.Autograd;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

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
        return applyMask(x, mask(x.shape(), p, random));
    }

    /**
     * A mask of {@code shape}: 0 with probability {@code p}, else {@code 1 / (1 - p)} (all zeros for p = 1,
     * as PyTorch).
     */
    static Tensor mask(int[] shape, float p, SplittableRandom random) {
        Tensor m = Tensor.empty(shape);
        MemorySegment seg = m.data();
        float keep = p >= 1 ? 0f : 1f / (1 - p);
        // Each 64-bit draw gives two 32-bit uniforms (dropped when below p * 2^32), written through a
        // heap chunk: one nextDouble and one native store per element cost a quarter of a Transformer step.
        long threshold = (long) Math.min(p * 4294967296.0, 4294967296.0);
        float[] chunk = new float[(int) Math.min(4096, m.numel())];
        for (long start = 0, n = m.numel(); start < n; start += chunk.length) {
            int len = (int) Math.min(chunk.length, n - start);
            for (int i = 0; i < len; i += 2) {
                long bits = random.nextLong();
                chunk[i] = (bits >>> 32) < threshold ? 0f : keep;
                if (i + 1 < len) {
                    chunk[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? 0f : keep;
                }
            }
            MemorySegment.copy(chunk, 0, seg, ValueLayout.JAVA_FLOAT, start * Float.BYTES, len);
        }
        return m;
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
