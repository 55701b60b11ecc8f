package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.GradMode;
import dev.myelin.backend.dnnl.Pooling.Kind;
import dev.myelin.backend.dnnl.Pooling.Result;
import dev.myelin.backend.dnnl.Pooling.Window;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Max and average pooling over {@code [N, C, L]} (1-D) or {@code [N, C, H, W]} (2-D) on oneDNN, with
 * PyTorch's geometry: output length {@code floor_or_ceil((L + 2p - d (k - 1) - 1) / s) + 1}, where in
 * ceil mode a last window that would start in the right padding is dropped. Each call is one
 * autograd node. Errors name {@code layer} (a module label or the function's name).
 */
public final class Pooling {
    private Pooling() {}

    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        return pool("max_pool1d", Kind.MAX, x, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode);
    }

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return pool("max_pool2d", Kind.MAX, x, kernel, stride, padding, dilation, ceilMode);
    }

    /** Average pooling; {@code countIncludePad} (PyTorch's default true) divides by the window size including padding. */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        return pool("avg_pool1d", avgKind(countIncludePad), x, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {1}, ceilMode);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return pool("avg_pool2d", avgKind(countIncludePad), x, kernel, stride, padding, new int[] {1, 1}, ceilMode);
    }

    /**
     * Adaptive average pooling to {@code [outH, outW]}, as PyTorch's: output row i averages input rows
     * {@code [floor(i H / outH), ceil((i + 1) H / outH))}, and likewise for columns. When the output
     * divides the input this is an average pool with kernel = stride = input / output, on oneDNN;
     * otherwise the windows overlap or differ in size, and since a mean over a rectangle is a mean of
     * row means, it is {@code A_h x A_w^T} with averaging matrices (two small GEMMs, differentiable).
     */
    public static Tensor adaptiveAvgPool2d(String layer, Tensor x, int outH, int outW) {
        requireInput(layer, x, 2);
        int h = x.size(2);
        int w = x.size(3);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException(layer + ": output size must be positive, got " + outH + "x" + outW);
        }
        if (h % outH == 0 && w % outW == 0) {
            int[] k = {h / outH, w / outW};
            return pool(layer, Kind.AVG_INCLUDE_PAD, x, k, k, new int[2], new int[] {1, 1}, false);
        }
        return averagingMatrix(outH, h).matmul(x).matmul(averagingMatrix(outW, w).t());
    }

    /** [out, in]: row i holds 1/len over PyTorch's adaptive window i of an input of length {@code in}. */
    private static Tensor averagingMatrix(int out, int in) {
        float[] a = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floorDiv((long) i * in, out);
            int end = (int) -Math.floorDiv(-(long) (i + 1) * in, out); // ceil
            for (int j = start; j < end; j++) {
                a[i * in + j] = 1f / (end - start);
            }
        }
        return Tensor.of(a, out, in);
    }

    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return adaptiveAvgPool2d("adaptive_avg_pool2d", x, outH, outW);
    }

    /** The mean over all spatial positions of {@code [N, C, L]} or {@code [N, C, H, W]}: {@code [N, C]}. */
    public static Tensor globalAvgPool(String layer, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expected [N, C, L] or [N, C, H, W], got " + Shapes.str(x.shape()));
        }
        int nd = x.dim() - 2;
        int[] k = Arrays.copyOfRange(x.shape(), 2, x.dim());
        int[] ones = new int[nd];
        Arrays.fill(ones, 1);
        return pool(layer, Kind.AVG_INCLUDE_PAD, x, k, k, new int[nd], ones, false).reshape(x.size(0), x.size(1));
    }

    public static Tensor globalAvgPool(Tensor x) {
        return globalAvgPool("global_avg_pool", x);
    }

    private static Kind avgKind(boolean countIncludePad) {
        return countIncludePad ? Kind.AVG_INCLUDE_PAD : Kind.AVG_EXCLUDE_PAD;
    }

    /** Checks every argument, builds oneDNN's window, pools, and records one node. */
    public static Tensor pool(String layer, Kind kind, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        int nd = kernel.length;
        requireInput(layer, x, nd);
        for (int[] a : new int[][] {stride, padding, dilation}) {
            if (a.length != nd) {
                throw new IllegalArgumentException(layer + ": kernel " + Arrays.toString(kernel) + " has " + nd
                        + " dims but stride/padding/dilation " + Arrays.toString(a) + " has " + a.length);
            }
        }
        int[] padRight = new int[nd];
        float[][] divisorFix = new float[nd][];
        boolean fix = false;
        for (int i = 0; i < nd; i++) {
            int len = x.size(2 + i);
            int out = outputLength(layer, x, i, len, kernel[i], stride[i], padding[i], dilation[i], ceilMode);
            int extent = dilation[i] * (kernel[i] - 1) + 1;
            padRight[i] = Math.max(padding[i], (out - 1) * stride[i] + extent - len - padding[i]);
            requireRealInput(layer, x, i, out, len, kernel[i], stride[i], padding[i], dilation[i]);
            divisorFix[i] = divisorFix(out, len, kernel[i], stride[i], padding[i]);
            fix |= kind == Kind.AVG_INCLUDE_PAD && divisorFix[i] != null;
        }
        Window w = new Window(kernel.clone(), stride.clone(), dilation.clone(), padding.clone(), padRight);
        // PyTorch's include-pad divisor stops at the declared padding; oneDNN's counts ceil mode's extra
        // right padding too, so windows reaching into it are rescaled by kernel / PyTorch's divisor.
        Tensor scale = fix ? outerProduct(divisorFix, w.outputShape(x.shape()), nd) : null;
        boolean training = GradMode.isEnabled() && x.requiresGrad();
        Result r = dev.myelin.backend.dnnl.Pooling.forward(kind, w, x, training);
        Tensor y = scale == null ? r.output() : Kernels.mul(r.output(), scale);
        String name = (kind == Kind.MAX ? "max_pool" : "avg_pool") + nd + "d";
        return Autograd.record(name, y, new Tensor[] {x}, (g, needs) -> new Tensor[] {
                dev.myelin.backend.dnnl.Pooling.backward(kind, w, x, scale == null ? g : Kernels.mul(g, scale), r.workspace())});
    }

    private static void requireInput(String layer, Tensor x, int nd) {
        if (x.dim() != 2 + nd) {
            throw new IllegalArgumentException(layer + ": expected a " + (2 + nd) + "-d input " + (nd == 1 ? "[N, C, L]" : "[N, C, H, W]")
                    + ", got " + Shapes.str(x.shape()));
        }
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.str(x.shape()) + " is " + x.dtype() + ", expected float32");
        }
        if (x.numel() == 0) {
            throw new IllegalArgumentException(layer + ": empty input " + Shapes.str(x.shape()));
        }
    }

    private static int outputLength(String layer, Tensor x, int i, int len, int k, int s, int p, int d, boolean ceilMode) {
        String where = layer + ": input " + Shapes.str(x.shape()) + " spatial dim " + i;
        if (k <= 0 || s <= 0 || d <= 0 || p < 0) {
            throw new IllegalArgumentException(layer + ": kernel, stride and dilation must be positive and padding >= 0, got kernel="
                    + k + ", stride=" + s + ", padding=" + p + ", dilation=" + d + " (input " + Shapes.str(x.shape()) + ")");
        }
        int extent = d * (k - 1) + 1;
        if (len + 2 * p < extent) {
            throw new IllegalArgumentException(where + ": kernel " + k + (d > 1 ? " dilated to " + extent : "")
                    + " is larger than the padded input " + len + " + 2*" + p + " = " + (len + 2 * p));
        }
        int out = (len + 2 * p - extent + (ceilMode ? s - 1 : 0)) / s + 1;
        if (ceilMode && (out - 1) * s >= len + p) {
            out--; // the last window would start in the right padding
        }
        return out;
    }

    /** Every window must touch at least one real element (PyTorch 1.13 corrupts memory when one does not). */
    private static void requireRealInput(String layer, Tensor x, int i, int out, int len, int k, int s, int p, int d) {
        for (int o = 0; o < out; o++) {
            int start = o * s - p;
            boolean real = false;
            for (int j = 0; j < k && !real; j++) {
                int at = start + j * d;
                real = at >= 0 && at < len;
            }
            if (!real) {
                throw new IllegalArgumentException(layer + ": input " + Shapes.str(x.shape()) + " spatial dim " + i
                        + ": pooling window " + o + " (kernel " + k + ", stride " + s + ", padding " + p + ", dilation " + d
                        + ") covers only padding");
            }
        }
    }

    /** Per output position, kernel / PyTorch's include-pad divisor; null when all are 1. */
    private static float[] divisorFix(int out, int len, int k, int s, int p) {
        float[] f = new float[out];
        boolean any = false;
        for (int o = 0; o < out; o++) {
            int start = o * s - p;
            int divisor = Math.min(start + k, len + p) - start;
            f[o] = (float) k / divisor;
            any |= divisor != k;
        }
        return any ? f : null;
    }

    private static Tensor outerProduct(float[][] factors, int[] outShape, int nd) {
        int[] shape = Arrays.copyOfRange(outShape, 2, outShape.length);
        float[] v = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int at = 0; at < v.length; at++) {
            float f = 1;
            for (int i = nd - 1, rest = at; i >= 0; rest /= shape[i], i--) {
                f *= factors[i] == null ? 1 : factors[i][rest % shape[i]];
            }
            v[at] = f;
        }
        return Tensor.of(v, shape);
    }
}
