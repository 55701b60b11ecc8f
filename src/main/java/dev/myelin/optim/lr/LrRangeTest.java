package dev.myelin.optim.lr;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Module;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Leslie Smith's learning-rate range test: trains for a few hundred mini-batches while the rate
 * grows exponentially, {@code lr_i = start * (end / start)^(i / (n - 1))}, records the loss, and
 * stops early once the smoothed loss passes 4 times its best (it has exploded). The model's and
 * the optimizer's state are restored afterwards, so the test leaves no trace. See
 * {@link LrRangeResult} for the suggested rate, the CSV and the chart.
 *
 * <pre>{@code
 * LrRangeResult r = new LrRangeTest(model, Losses::crossEntropy, adam, loader::next).run();
 * adam.setLr(r.suggestedLr());
 * }</pre>
 */
public final class LrRangeTest {
    /** One mini-batch. */
    public record Batch(Tensor input, Tensor target) {}

    static final double SMOOTHING = 0.95; // as torch-lr-finder: a shorter lag than fastai's 0.98
    static final double DIVERGENCE = 4;

    private final Module model;
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final Optimizer optimizer;
    private final Supplier<Batch> batches;
    private double startLr = 1e-5;
    private double endLr = 10;
    private int iterations = 200;

    /** {@code loss} maps (model output, target) to a scalar; {@code batches} is asked for one batch per iteration. */
    public LrRangeTest(Module model, BiFunction<Tensor, Tensor, Tensor> loss, Optimizer optimizer, Supplier<Batch> batches) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.batches = batches;
    }

    /** Sweeps from {@code startLr} to {@code endLr} over {@code iterations} mini-batches (default 1e-5 to 10 over 200). */
    public LrRangeTest range(double startLr, double endLr, int iterations) {
        if (!(startLr > 0) || !(endLr > startLr) || Double.isInfinite(endLr) || iterations < 2) {
            throw new IllegalArgumentException("LrRangeTest: need 0 < start < end (finite) and at least 2 iterations, got "
                    + startLr + ", " + endLr + ", " + iterations);
        }
        this.startLr = startLr;
        this.endLr = endLr;
        this.iterations = iterations;
        return this;
    }

    /** Runs the sweep and restores the model and optimizer; the batches' tensors are freed as it goes. */
    public LrRangeResult run() {
        List<double[]> points = new ArrayList<>(); // lr, loss, smoothed loss
        boolean diverged = false;
        try (Scope snapshot = Scope.open("lr range test snapshot")) {
            Map<String, Tensor> weights = new LinkedHashMap<>();
            model.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
            OptimizerState state = optimizer.stateDict();
            try {
                double average = 0;
                double best = Double.POSITIVE_INFINITY;
                for (int i = 0; i < iterations && !diverged; i++) {
                    double lr = startLr * Math.pow(endLr / startLr, i / (double) (iterations - 1));
                    double value = trainStep(lr);
                    average = SMOOTHING * average + (1 - SMOOTHING) * value;
                    double smoothed = average / (1 - Math.pow(SMOOTHING, i + 1)); // bias-corrected moving average
                    points.add(new double[] {lr, value, smoothed});
                    diverged = !Double.isFinite(smoothed) || smoothed > DIVERGENCE * best;
                    best = Math.min(best, smoothed);
                }
            } finally {
                model.loadStateDict(weights);
                optimizer.loadStateDict(state);
                optimizer.zeroGrad();
            }
        }
        return new LrRangeResult(points, diverged);
    }

    private double trainStep(double lr) {
        optimizer.setLr(lr);
        try (Scope step = Scope.open("lr range test step")) {
            Batch b = batches.get();
            optimizer.zeroGrad();
            Tensor l = loss.apply(model.forward(b.input()), b.target());
            double value = l.item();
            if (Double.isFinite(value)) {
                l.backward();
                optimizer.step();
            }
            return value;
        }
    }
}
