package dev.myelin.nn.init;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Initialisers that overwrite a tensor in place, as {@code torch.nn.init} does. They write memory
 * directly and never record for autograd, so they may be applied to parameters that require a
 * gradient. Random ones take a seed: the same seed gives the same values.
 *
 * <p>Layers built without an explicit seed draw one from {@link #nextSeed()}, a global generator
 * that {@link #manualSeed(long)} resets (like {@code torch.manual_seed}) for reproducible models.
 */
public final class Init {
    private static SplittableRandom seeds = new SplittableRandom(0x5eed);

    private Init() {}

    /** Restarts the global seed sequence that layers without an explicit seed draw from. */
    public static synchronized void manualSeed(long seed) {
        seeds = new SplittableRandom(seed);
    }

    /** The next seed of the global sequence. */
    public static synchronized long nextSeed() {
        return seeds.nextLong();
    }

    // ---- deterministic ----

    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1f);
    }

    public static Tensor constant(Tensor t, float value) {
        return fill("constant", t, () -> value);
    }

    /** The identity matrix (ones on the diagonal of a 2-D tensor, also rectangular), e.g. for recurrent weights. */
    public static Tensor eye(Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("eye: only 2-D tensors are supported, got " + Shapes.str(t.shape()));
        }
        int cols = t.size(1);
        long[] i = {0};
        return fill("eye", t, () -> {
            long k = i[0]++;
            return k / cols == k % cols ? 1 : 0;
        });
    }

    // ---- random ----

    /** Values drawn from U(a, b). */
    public static Tensor uniform(Tensor t, float a, float b, long seed) {
        if (!(a <= b) || !Float.isFinite(a) || !Float.isFinite(b)) {
            throw new IllegalArgumentException("uniform: need finite bounds with a <= b, got a=" + a + ", b=" + b);
        }
        SplittableRandom r = new SplittableRandom(seed);
        return fill("uniform", t, () -> a + (b - (double) a) * r.nextDouble());
    }

    /**
     * Each tensor from {@code U(-1/sqrt(hidden), 1/sqrt(hidden))}, with a seed of its own drawn from
     * {@code seed} in order: PyTorch's initialisation of recurrent layers and cells.
     */
    public static void recurrentUniform(Iterable<Tensor> params, int hidden, long seed) {
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
        float bound = (float) (1 / Math.sqrt(hidden));
        for (Tensor p : params) {
            uniform(p, -bound, bound, seeds.nextLong());
        }
    }

    /** Values drawn from N(mean, std^2). */
    public static Tensor normal(Tensor t, float mean, float std, long seed) {
        if (!(std >= 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("normal: need a finite mean and std >= 0, got mean=" + mean + ", std=" + std);
        }
        SplittableRandom r = new SplittableRandom(seed);
        return fill("normal", t, () -> mean + std * r.nextGaussian());
    }

    /**
     * Glorot and Bengio's "normalized" initialisation: U(-a, a) with
     * {@code a = gain * sqrt(6 / (fanIn + fanOut))}.
     */
    public static Tensor xavierUniform(Tensor t, float gain, long seed) {
        float std = xavierStd("xavierUniform", t, gain);
        float bound = (float) Math.sqrt(3) * std;
        return uniform(t, -bound, bound, seed);
    }

    /** Glorot normal: N(0, std^2) with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, float gain, long seed) {
        return normal(t, 0, xavierStd("xavierNormal", t, gain), seed);
    }

    private static float xavierStd(String op, Tensor t, float gain) {
        Fans f = Fans.of(t.shape());
        requirePositive(op, f.in() + f.out(), t);
        return (float) (gain * Math.sqrt(2.0 / (f.in() + f.out())));
    }

    /**
     * He et al.'s initialisation: U(-bound, bound) with {@code bound = gain * sqrt(3 / fan)}, where
     * {@code gain = calculateGain(nonlinearity, a)} ({@code a} is the negative slope for leaky ReLU)
     * and {@code fan} is fan-in or fan-out per {@code mode}.
     */
    public static Tensor kaimingUniform(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity, long seed) {
        float bound = (float) Math.sqrt(3) * kaimingStd("kaimingUniform", t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, seed);
    }

    /** He normal: N(0, std^2) with {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, float a, FanMode mode, Nonlinearity nonlinearity, long seed) {
        return normal(t, 0, kaimingStd("kaimingNormal", t, a, mode, nonlinearity), seed);
    }

    private static float kaimingStd(String op, Tensor t, float a, FanMode mode, Nonlinearity nonlinearity) {
        long fan = Fans.of(t.shape()).get(mode);
        requirePositive(op, fan, t);
        return (float) (calculateGain(nonlinearity, a) / Math.sqrt(fan));
    }

    /** LeCun uniform: U(-bound, bound) with {@code bound = sqrt(3 / fanIn)} (Kaiming with gain 1). */
    public static Tensor lecunUniform(Tensor t, long seed) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LINEAR, seed);
    }

    /** LeCun normal: N(0, 1 / fanIn), not truncated (Kaiming normal with gain 1). */
    public static Tensor lecunNormal(Tensor t, long seed) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LINEAR, seed);
    }

    // ---- gains ----

    /** The recommended gain for a non-linearity; leaky ReLU uses the default slope 0.01. */
    public static float calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, Nonlinearity.DEFAULT_LEAKY_SLOPE);
    }

    /**
     * The recommended gain, as {@code torch.nn.init.calculate_gain}: 1 for linear, convolutions and
     * sigmoid; 5/3 for tanh; sqrt(2) for ReLU; {@code sqrt(2 / (1 + slope^2))} for leaky ReLU with
     * {@code param} the negative slope; 3/4 for SELU. {@code param} matters only for leaky ReLU.
     */
    public static float calculateGain(Nonlinearity nonlinearity, float param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1f;
            case TANH -> 5f / 3;
            case RELU -> (float) Math.sqrt(2.0);
            case LEAKY_RELU -> (float) Math.sqrt(2.0 / (1 + (double) param * param));
            case SELU -> 3f / 4;
        };
    }

    // ---- filling ----

    private static void requirePositive(String op, long fan, Tensor t) {
        if (fan <= 0) {
            throw new IllegalArgumentException(op + ": fan is 0 for shape " + Shapes.str(t.shape()) + "; nothing to scale by");
        }
    }

    /** Writes {@code next} for each element in row-major order, into contiguous memory directly or through a copy. */
    private static Tensor fill(String op, Tensor t, DoubleSupplier next) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor, got " + t.dtype() + " "
                    + Shapes.str(t.shape()));
        }
        Tensor target = t.isContiguous() ? t : Tensor.empty(t.shape());
        MemorySegment seg = target.data();
        for (long i = 0, n = t.numel(); i < n; i++) {
            seg.setAtIndex(JAVA_FLOAT, i, (float) next.getAsDouble());
        }
        if (target != t) {
            Kernels.assign(t.detach(), target);
        }
        return t;
    }
}
