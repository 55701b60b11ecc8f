package dev.myelin.backend.dnnl;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Validates convolution arguments in Java, before any native call, and turns them into a
 * {@link ConvSpec}. Every message starts with {@code who} (the op, or a module's label) and names the shapes.
 */
public final class ConvChecks {
    private ConvChecks() {}

    /** {@code padding} per spatial dimension (both sides), or null for "same". */
    public static ConvSpec spec(String who, Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        int k = stride.length;
        String layout = k == 1 ? "[N, C, L]" : "[N, C, H, W]";
        String wLayout = k == 1 ? "[out, in/groups, k]" : "[out, in/groups, kH, kW]";
        String shapes = "input " + Shapes.str(x.shape()) + ", weight " + Shapes.str(w.shape());
        requireSettings(who, k, stride, padding, dilation);
        for (int d = 0; d < k; d++) {
            if (stride[d] <= 0 || dilation[d] <= 0 || padding != null && padding[d] < 0) {
                throw new IllegalArgumentException(who + ": stride and dilation must be positive and padding non-negative, got stride="
                        + Arrays.toString(stride) + ", padding=" + padText(padding) + ", dilation=" + Arrays.toString(dilation));
            }
        }
        if (groups <= 0) {
            throw new IllegalArgumentException(who + ": groups must be positive, got " + groups);
        }
        if (x.dtype() != DType.FLOAT32 || w.dtype() != DType.FLOAT32 || bias != null && bias.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(who + ": expected float32 tensors, got input " + x.dtype() + ", weight " + w.dtype()
                    + (bias == null ? "" : ", bias " + bias.dtype()));
        }
        if (x.dim() != k + 2) {
            throw new IllegalArgumentException(who + ": expected input " + layout + ", got " + shapes);
        }
        if (w.dim() != k + 2) {
            throw new IllegalArgumentException(who + ": expected weight " + wLayout + ", got " + shapes);
        }
        int channels = x.size(1);
        int out = w.size(0);
        if (channels % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(who + ": in channels " + channels + " and out channels " + out
                    + " must both be divisible by groups=" + groups + " (" + shapes + ")");
        }
        if (w.size(1) * groups != channels) {
            throw new IllegalArgumentException(who + ": input has " + channels + " channels but the weight expects "
                    + w.size(1) * groups + " (" + w.size(1) + " per group x " + groups + " groups): " + shapes);
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException(who + ": bias " + Shapes.str(bias.shape()) + " does not match the " + out
                    + " output channels of weight " + Shapes.str(w.shape()) + "; expected [" + out + "]");
        }
        if (x.numel() == 0 || w.numel() == 0) {
            throw new IllegalArgumentException(who + ": empty tensor: " + shapes);
        }
        int[] before = new int[k];
        int[] after = new int[k];
        for (int d = 0; d < k; d++) {
            int span = dilation[d] * (w.size(d + 2) - 1) + 1; // the kernel's extent with its holes
            if (padding == null) {
                before[d] = (span - 1) / 2;
                after[d] = span - 1 - before[d];
            } else {
                before[d] = after[d] = padding[d];
            }
            int padded = x.size(d + 2) + before[d] + after[d];
            if (span > padded) {
                throw new IllegalArgumentException(who + ": kernel extent " + span + " (size " + w.size(d + 2) + ", dilation "
                        + dilation[d] + ") is larger than the padded input " + padded + " along spatial dim " + d + " (" + shapes
                        + ", padding " + padText(padding) + ")");
            }
        }
        return new ConvSpec(stride, before, after, dilation, groups);
    }

    private static void requireSettings(String who, int k, int[] stride, int[] padding, int[] dilation) {
        if (k < 1 || k > 2 || dilation.length != k || padding != null && padding.length != k) {
            throw new IllegalArgumentException(who + ": stride, padding and dilation need 1 or 2 values each (the same count), got "
                    + Arrays.toString(stride) + ", " + padText(padding) + ", " + Arrays.toString(dilation));
        }
        for (int s : stride) {
            if (padding == null && s != 1) { // PyTorch refuses it too: the output size would be ambiguous
                throw new IllegalArgumentException(who + ": padding \"same\" needs stride 1, got stride=" + Arrays.toString(stride));
            }
        }
    }

    private static String padText(int[] padding) {
        return padding == null ? "\"same\"" : Arrays.toString(padding);
    }
}
