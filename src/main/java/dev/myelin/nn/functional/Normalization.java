package dev.myelin.nn.functional;

import dev.myelin.autograd.Autograd;
import dev.myelin.backend.dnnl.Normalization.Backward;
import dev.myelin.backend.dnnl.Normalization.Forward;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch and layer normalisation on oneDNN, each one autograd node:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}. Errors name {@code layer}.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch norm over channel dim 1 of {@code [N, C]}, {@code [N, C, L]} or {@code [N, C, H, W]}, as
     * PyTorch's {@code F.batch_norm}. Training: normalises with the batch's mean and biased variance
     * and updates the running statistics in place, {@code running = (1 - momentum) running + momentum stat},
     * with the unbiased variance {@code var n / (n - 1)}; evaluation: normalises with the running
     * statistics. {@code weight} and {@code bias} ({@code [C]}) may be null (no affine).
     */
    public static Tensor batchNorm(String layer, Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, float momentum, float eps) {
        if (x.dim() < 2 || x.dim() > 4) {
            throw new IllegalArgumentException(layer + ": expected [N, C], [N, C, L] or [N, C, H, W], got " + Shapes.str(x.shape()));
        }
        requireFloat(layer, x);
        int c = x.size(1);
        for (Tensor p : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (p != null && !Arrays.equals(p.shape(), new int[] {c})) {
                throw new IllegalArgumentException(layer + ": input " + Shapes.str(x.shape()) + " has " + c
                        + " channels but a parameter or statistic has shape " + Shapes.str(p.shape()) + "; expected [" + c + "]");
            }
        }
        long perChannel = x.numel() / Math.max(1, c);
        if (x.numel() == 0) {
            throw new IllegalArgumentException(layer + ": empty input " + Shapes.str(x.shape()));
        }
        if (training && perChannel < 2) {
            throw new IllegalArgumentException(layer + ": expected more than 1 value per channel when training, got input "
                    + Shapes.str(x.shape()));
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(layer + ": evaluation needs running mean and variance");
        }
        Tensor scale = weight != null ? weight : Tensor.ones(c);
        Tensor shift = bias != null ? bias : Tensor.zeros(c);
        if (!training) {
            Tensor mean = runningMean.detach().copy(); // a later training step updates the running ones in place
            Tensor var = runningVar.detach().copy();
            Tensor y = dev.myelin.backend.dnnl.Normalization.batchNormGlobalStats(x, scale, shift, mean, var, eps);
            return record("batch_norm", y, x, weight, bias, g -> dev.myelin.backend.dnnl.Normalization.batchNormBackward(
                    x, g, scale, mean, var, eps, true));
        }
        Forward f = dev.myelin.backend.dnnl.Normalization.batchNormTraining(x, scale, shift, eps);
        if (runningMean != null && runningVar != null) {
            Kernels.assign(runningMean, Kernels.add(Kernels.scale(runningMean, 1 - momentum), Kernels.scale(f.mean(), momentum)));
            float unbiased = (float) perChannel / (perChannel - 1);
            Kernels.assign(runningVar, Kernels.add(Kernels.scale(runningVar, 1 - momentum), Kernels.scale(f.variance(), momentum * unbiased)));
        }
        return record("batch_norm", f.output(), x, weight, bias, g -> dev.myelin.backend.dnnl.Normalization.batchNormBackward(
                x, g, scale, f.mean(), f.variance(), eps, false));
    }

    /**
     * Layer norm over the trailing dims {@code normalizedShape} of {@code x}, with per-element
     * {@code weight} and {@code bias} of that shape (either may be null), as PyTorch's {@code F.layer_norm}.
     */
    public static Tensor layerNorm(String layer, Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        requireFloat(layer, x);
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (k == 0 || shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.str(shape) + " does not end with normalized_shape "
                    + Shapes.str(normalizedShape) + "; expected [*, " + Shapes.str(normalizedShape).replaceAll("[\\[\\]]", "") + "]");
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && !Arrays.equals(p.shape(), normalizedShape)) {
                throw new IllegalArgumentException(layer + ": weight/bias " + Shapes.str(p.shape()) + " differs from normalized_shape "
                        + Shapes.str(normalizedShape));
            }
        }
        if (x.numel() == 0) {
            throw new IllegalArgumentException(layer + ": empty input " + Shapes.str(shape));
        }
        int d = Arrays.stream(normalizedShape).reduce(1, (a, b) -> a * b);
        int rows = (int) (x.numel() / d);
        Tensor rowsView = x.detach().contiguous().reshape(rows, d);
        Tensor scale = weight != null ? weight.detach().reshape(d) : Tensor.ones(d);
        Tensor shift = bias != null ? bias.detach().reshape(d) : Tensor.zeros(d);
        Forward f = dev.myelin.backend.dnnl.Normalization.layerNorm(rowsView, scale, shift, eps);
        return record("layer_norm", f.output().reshape(shape), x, weight, bias, g -> {
            Backward b = dev.myelin.backend.dnnl.Normalization.layerNormBackward(rowsView, g.contiguous().reshape(rows, d), scale,
                    f.mean(), f.variance(), eps);
            return new Backward(b.input().reshape(shape), b.scale().reshape(normalizedShape), b.shift().reshape(normalizedShape));
        });
    }

    private static Tensor record(String name, Tensor y, Tensor x, Tensor weight, Tensor bias,
            java.util.function.Function<Tensor, Backward> backward) {
        return Autograd.record(name, y, new Tensor[] {x, weight, bias}, (g, needs) -> {
            Backward b = backward.apply(g);
            return new Tensor[] {b.input(), needs[1] ? b.scale() : null, needs[2] ? b.shift() : null};
        });
    }

    private static void requireFloat(String layer, Tensor x) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.str(x.shape()) + " is " + x.dtype() + ", expected float32");
        }
    }
}
