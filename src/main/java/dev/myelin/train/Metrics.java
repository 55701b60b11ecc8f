package dev.myelin.train;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates the loss and the chosen {@link Metric}s over the batches of an epoch, from the model's
 * outputs and the targets, and reports epoch-wide values. The loss is averaged per example (each
 * batch's mean loss weighted by its size), so a short last batch counts for what it holds.
 */
public final class Metrics {
    private final Set<Metric> metrics;
    private double lossSum;
    private long examples;
    private long correct;
    private double squaredError;
    private double absoluteError;
    private long elements;

    public Metrics(Set<Metric> metrics) {
        this.metrics = Set.copyOf(metrics);
    }

    /** Adds one batch: its mean loss, the outputs {@code [N, ...]} and the targets (int labels {@code [N]} or floats shaped like the outputs). */
    public void add(double batchMeanLoss, Tensor output, Tensor target) {
        int n = output.dim() == 0 ? 1 : output.size(0);
        lossSum += batchMeanLoss * n;
        examples += n;
        if (metrics.contains(Metric.ACCURACY)) {
            correct += correct(output, target);
        }
        if (metrics.contains(Metric.RMSE) || metrics.contains(Metric.MAE)) {
            addErrors(output, target);
        }
    }

    private static long correct(Tensor output, Tensor target) {
        if (target.dtype() == DType.FLOAT32 || output.dim() != 2 || target.dim() != 1 || target.size(0) != output.size(0)) {
            throw new IllegalArgumentException("accuracy: needs outputs [N, classes] and int class labels [N], got outputs "
                    + Shapes.str(output.shape()) + " and " + target.dtype() + " targets " + Shapes.str(target.shape()));
        }
        int rows = output.size(0);
        int classes = output.size(1);
        float[] scores = output.toFloatArray();
        long[] labels = target.dtype() == DType.INT32 ? toLongs(target.toIntArray()) : target.toLongArray();
        long hits = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[r * classes + c] > scores[r * classes + best]) {
                    best = c;
                }
            }
            hits += best == labels[r] ? 1 : 0;
        }
        return hits;
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private void addErrors(Tensor output, Tensor target) {
        if (target.dtype() != DType.FLOAT32 || output.numel() != target.numel()) {
            throw new IllegalArgumentException("rmse/mae: need float targets with as many elements as the outputs, got outputs "
                    + Shapes.str(output.shape()) + " and " + target.dtype() + " targets " + Shapes.str(target.shape()));
        }
        float[] y = output.toFloatArray();
        float[] t = target.toFloatArray();
        for (int i = 0; i < y.length; i++) {
            double d = (double) y[i] - t[i];
            squaredError += d * d;
            absoluteError += Math.abs(d);
        }
        elements += y.length;
    }

    /** Examples added so far. */
    public long examples() {
        return examples;
    }

    /** {@code loss} and each metric by {@link Metric#key()}, with {@code prefix} in front ("" or "val_"). */
    public Map<String, Double> results(String prefix) {
        if (examples == 0) {
            throw new IllegalStateException("metrics: no batches were added (is the data set empty?)");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(prefix + "loss", lossSum / examples);
        for (Metric m : List.of(Metric.values())) {
            if (metrics.contains(m)) {
                out.put(prefix + m.key(), switch (m) {
                    case ACCURACY -> (double) correct / examples;
                    case RMSE -> Math.sqrt(squaredError / elements);
                    case MAE -> absoluteError / elements;
                });
            }
        }
        return out;
    }
}
