package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.backend.dnnl.Softmax;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Activation functions with PyTorch's definitions. Each records a single autograd node whose
 * backward applies the derivative directly; element-wise ones run on oneDNN for tensors large
 * enough to repay the call and in plain Java below that (see {@link Pointwise}); so do softmax and
 * log-softmax, from {@link #ONEDNN_SOFTMAX_MIN} elements.
 */
public final class Activations {
    /**
     * From this many elements softmax runs on oneDNN. Measured (forward, rows along the last
     * dimension): 256 elements Java 5.2 us, oneDNN 7.9; 1,024 Java 11.5, oneDNN 5.4; 4,096 Java 52, oneDNN 6.9.
     */
    static final long ONEDNN_SOFTMAX_MIN = 1024;

    private Activations() {}

    /** Heaviside step, x > 0 ? 1 : 0, as the perceptron uses it. Not differentiable: the result never requires grad. */
    public static Tensor step(Tensor x) {
        Checks.requireFloat("step", "input", x);
        return Kernels.unary(Kernels.Unary.STEP, x, 0);
    }

    /** 1 / (1 + e^-x). */
    public static Tensor sigmoid(Tensor x) {
        return pointwise("sigmoid", Pointwise.SIGMOID, x, 0, 0);
    }

    /** (e^x - e^-x) / (e^x + e^-x). */
    public static Tensor tanh(Tensor x) {
        return pointwise("tanh", Pointwise.TANH, x, 0, 0);
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return pointwise("relu", Pointwise.RELU, x, 0, 0);
    }

    /** x > 0 ? x : negativeSlope * x. */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        Checks.requireFinite("leaky_relu", "negative slope", negativeSlope);
        return pointwise("leaky_relu", Pointwise.RELU, x, negativeSlope, 0);
    }

    /** leakyRelu with PyTorch's default slope, 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01f);
    }

    /**
     * x > 0 ? x : w * x with a learned slope w: one weight for all elements, or one per channel
     * (dimension 1 of x), as PyTorch. Gradients flow to both x and weight.
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        return PreluKernel.apply(x, weight);
    }

    /** x > 0 ? x : alpha * (e^x - 1). */
    public static Tensor elu(Tensor x, float alpha) {
        Checks.requireFinite("elu", "alpha", alpha);
        return pointwise("elu", Pointwise.ELU, x, alpha, 0);
    }

    /** elu with alpha = 1. */
    public static Tensor elu(Tensor x) {
        return elu(x, 1f);
    }

    /** Exact GELU, x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)). */
    public static Tensor gelu(Tensor x) {
        return gelu(x, false);
    }

    /**
     * GELU; with {@code tanhApproximation}, PyTorch's approximate='tanh' form
     * x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        return tanhApproximation
                ? pointwise("gelu", Pointwise.GELU_TANH, x, 0, 0)
                : pointwise("gelu", Pointwise.GELU_ERF, x, 0, 0);
    }

    /** 1/beta * log(1 + e^(beta x)), and x itself where beta * x > threshold (PyTorch's semantics). */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        Checks.requireFinite("softplus", "beta", beta);
        if (beta == 0) {
            throw new IllegalArgumentException("softplus: beta must be non-zero");
        }
        return pointwise("softplus", Pointwise.SOFTPLUS, x, beta, threshold);
    }

    /** softplus with PyTorch's defaults, beta = 1 and threshold = 20. */
    public static Tensor softplus(Tensor x) {
        return softplus(x, 1f, 20f);
    }

    /** x clamped to [min, max]; the gradient is 1 strictly inside and 0 at and beyond the limits. */
    public static Tensor hardtanh(Tensor x, float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("hardtanh: min " + min + " must not be greater than max " + max);
        }
        return pointwise("hardtanh", Pointwise.HARDTANH, x, min, max);
    }

    /** hardtanh on [-1, 1]. */
    public static Tensor hardtanh(Tensor x) {
        return hardtanh(x, -1f, 1f);
    }

    /** SiLU (Swish), x * sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return pointwise("silu", Pointwise.SILU, x, 0, 0);
    }

    /**
     * softmax(x)_k = e^(x_k - m) / sum_j e^(x_j - m) along {@code dim}, with m the maximum along it so
     * that no exponent overflows. Backward: dx = y * (g - sum(g * y)).
     */
    public static Tensor softmax(Tensor x, int dim) {
        return softmax("softmax", x, dim, false);
    }

    /** log softmax(x) = x - m - log sum_j e^(x_j - m) along {@code dim}. Backward: dx = g - e^y * sum(g). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return softmax("log_softmax", x, dim, true);
    }

    private static Tensor softmax(String op, Tensor x, int dim, boolean log) {
        Checks.requireFloat(op, "input", x);
        Along along = SoftmaxKernel.along(op, x.shape(), dim);
        if (x.dim() > 0 && x.numel() >= ONEDNN_SOFTMAX_MIN) {
            int axis = Shapes.dim(op, dim, x.dim());
            Tensor y = Softmax.forward(x.detach().contiguous(), axis, log);
            return Autograd.record(op, y, new Tensor[] {x}, (g, needs) -> new Tensor[] {Softmax.backward(y, g, axis, log)});
        }
        Tensor y = SoftmaxKernel.forward(x, along, log);
        return Autograd.record(op, y, new Tensor[] {x},
                (g, needs) -> new Tensor[] {SoftmaxKernel.backward(y, g, along, log)});
    }

    /** One node for f(x): the kernel's forward now, its derivative times the gradient later. */
    private static Tensor pointwise(String op, Pointwise f, Tensor x, float a, float b) {
        Checks.requireFloat(op, "input", x);
        return Autograd.record(op, f.forward(x, a, b), new Tensor[] {x},
                (g, needs) -> new Tensor[] {f.backward(x, g, a, b)});
    }
}
