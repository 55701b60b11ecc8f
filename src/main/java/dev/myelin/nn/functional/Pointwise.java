package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The element-wise activations, each as a scalar formula (value and derivative) and as the oneDNN
 * algorithm that computes the same thing. {@link #forward} and {@link #backward} run plain Java
 * below {@code dnnlFrom} elements and oneDNN from there on: a oneDNN call costs about 3 us however
 * small the tensor, while Java's loop costs about 1-4 ns an element for ReLU-like functions and
 * 10-30 ns for tanh, erf or exp. Each threshold is the first size, in a sweep over 16 to 4096
 * elements on 2 cores, at which oneDNN won both passes. The parameters {@code a} and {@code b}
 * mean what each constant's comment says. Nothing here records for autograd.
 */
enum Pointwise {
    SIGMOID(Eltwise.Alg.LOGISTIC, 256),
    TANH(Eltwise.Alg.TANH, 128),
    /** a: slope for x <= 0 (0 for ReLU). */
    RELU(Eltwise.Alg.RELU, 512),
    /** a: alpha. */
    ELU(Eltwise.Alg.ELU, 512),
    GELU_ERF(Eltwise.Alg.GELU_ERF, 128),
    GELU_TANH(Eltwise.Alg.GELU_TANH, 128),
    /** a: beta, b: threshold on beta * x above which the function is x itself. */
    SOFTPLUS(Eltwise.Alg.SOFT_RELU, 128),
    /** a: min, b: max. */
    HARDTANH(Eltwise.Alg.CLIP, 512),
    SILU(Eltwise.Alg.SWISH, 256);

    /**
     * oneDNN's soft_relu has no threshold; above beta * x = 20 the exact function differs from x by
     * less than float precision, so oneDNN agrees with PyTorch for thresholds from there on.
     */
    private static final float SOFTPLUS_EXACT_FROM = 20f;
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double GELU_K = Math.sqrt(2 / Math.PI);
    private static final double GELU_C = 0.044715;

    private final Eltwise.Alg alg;
    private final long dnnlFrom;

    Pointwise(Eltwise.Alg alg, long dnnlFrom) {
        this.alg = alg;
        this.dnnlFrom = dnnlFrom;
    }

    /** f(x) in a new contiguous tensor. */
    Tensor forward(Tensor x, float a, float b) {
        return useDnnl(x, a, b) ? forwardDnnl(x, a, b) : forwardJava(x, a, b);
    }

    /** f'(x) * g in a new contiguous tensor; g has x's shape (any strides). */
    Tensor backward(Tensor x, Tensor g, float a, float b) {
        return useDnnl(x, a, b) ? backwardDnnl(x, g, a, b) : backwardJava(x, g, a, b);
    }

    /** Whether the tensor is large enough for oneDNN to win, and oneDNN computes this function exactly. */
    boolean useDnnl(Tensor x, float a, float b) {
        boolean exact = switch (this) {
            case SOFTPLUS -> b >= SOFTPLUS_EXACT_FROM;
            case HARDTANH -> a < b; // see backwardDnnl
            default -> true;
        };
        return exact && x.numel() >= dnnlFrom;
    }

    Tensor forwardJava(Tensor x, float a, float b) {
        MemorySegment in = x.detach().contiguous().data(); // kernels never record
        Tensor out = Tensor.empty(x.shape());
        MemorySegment o = out.data();
        for (long i = 0, n = out.numel(); i < n; i++) {
            o.setAtIndex(JAVA_FLOAT, i, value(in.getAtIndex(JAVA_FLOAT, i), a, b));
        }
        return out;
    }

    Tensor backwardJava(Tensor x, Tensor g, float a, float b) {
        MemorySegment in = x.detach().contiguous().data();
        MemorySegment dy = g.detach().contiguous().data();
        Tensor out = Tensor.empty(x.shape());
        MemorySegment o = out.data();
        for (long i = 0, n = out.numel(); i < n; i++) {
            o.setAtIndex(JAVA_FLOAT, i, dy.getAtIndex(JAVA_FLOAT, i) * derivative(in.getAtIndex(JAVA_FLOAT, i), a, b));
        }
        return out;
    }

    Tensor forwardDnnl(Tensor x, float a, float b) {
        return Eltwise.forward(alg, x, alpha(a), beta(b));
    }

    Tensor backwardDnnl(Tensor x, Tensor g, float a, float b) {
        // oneDNN's clip passes the gradient for min < x <= max, PyTorch's hardtanh only for x < max;
        // for floats x < max is x <= nextDown(max), and the backward pass uses max for nothing else
        float beta = this == HARDTANH ? Math.nextDown(b) : beta(b);
        return Eltwise.backward(alg, x, g, alpha(a), beta);
    }

    /** oneDNN's alpha for this activation's parameters. */
    private float alpha(float a) {
        return switch (this) {
            case RELU, ELU, SOFTPLUS, HARDTANH -> a;
            case SILU -> 1f; // swish: x * sigmoid(alpha x)
            default -> 0f;
        };
    }

    private float beta(float b) {
        return this == HARDTANH ? b : 0f;
    }

    /** f(x). */
    float value(float x, float a, float b) {
        return switch (this) {
            case SIGMOID -> (float) sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case RELU -> x > 0 ? x : a == 0 ? 0f : a * x;
            case ELU -> x > 0 ? x : (float) (a * Math.expm1(x));
            case GELU_ERF -> (float) (0.5 * x * erfc(-x * SQRT_HALF));
            case GELU_TANH -> (float) (0.5 * x * (1 + Math.tanh(GELU_K * (x + GELU_C * x * x * x))));
            case SOFTPLUS -> a * x > b ? x : (float) (Math.log1p(Math.exp((double) a * x)) / a);
            case HARDTANH -> x < a ? a : x > b ? b : x;
            case SILU -> (float) (x * sigmoid(x));
        };
    }

    /** f'(x). */
    float derivative(float x, float a, float b) {
        return switch (this) {
            case SIGMOID -> {
                double s = sigmoid(x);
                yield (float) (s * (1 - s));
            }
            case TANH -> {
                double t = Math.tanh(x);
                yield (float) (1 - t * t);
            }
            case RELU -> x > 0 ? 1f : a;
            case ELU -> x > 0 ? 1f : (float) (a * Math.exp(x));
            case GELU_ERF -> (float) (0.5 * erfc(-x * SQRT_HALF) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
            case GELU_TANH -> {
                double t = Math.tanh(GELU_K * (x + GELU_C * x * x * x));
                yield (float) (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_K * (1 + 3 * GELU_C * x * x));
            }
            case SOFTPLUS -> a * x > b ? 1f : (float) sigmoid((double) a * x);
            case HARDTANH -> x <= a || x >= b ? 0f : 1f; // PyTorch: no gradient at the limits
            case SILU -> {
                double s = sigmoid(x);
                yield (float) (s * (1 + x * (1 - s)));
            }
        };
    }

    /** 1 / (1 + e^-x) without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * The complementary error function with fractional error below 1.2e-7 everywhere (Numerical
     * Recipes' Chebyshev fit), so that gelu(x) = x/2 erfc(-x/sqrt 2) stays accurate even for x far
     * below zero, where 1 + erf(x) would cancel.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
