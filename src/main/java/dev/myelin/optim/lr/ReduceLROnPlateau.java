package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Divides the learning rate when a validation metric stops improving, as PyTorch's
 * ReduceLROnPlateau. A metric improves on the best so far when, for mode MIN,
 * {@code m < best * (1 - threshold)} (relative threshold) or {@code m < best - threshold} (absolute);
 * mirrored for MAX. After more than {@code patience} epochs without improvement every group's rate
 * becomes {@code max(lr * factor, minLr)} (skipped when that changes it by no more than {@code eps}),
 * then {@code cooldown} epochs pass before bad epochs count again.
 */
public final class ReduceLROnPlateau {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (!(factor < 1.0) || !(factor >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: Factor should be < 1.0 (and >= 0), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || !(threshold >= 0) || !(minLr >= 0) || !(eps >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown, threshold, min_lr and eps must be"
                    + " >= 0, got " + patience + ", " + cooldown + ", " + threshold + ", " + minLr + ", " + eps);
        }
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Takes one epoch's metric; returns whether the rates were reduced. */
    public boolean step(double metric) {
        if (isBetter(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs <= patience) {
            return false;
        }
        boolean reduced = false;
        for (int g = 0; g < optimizer.groups().size(); g++) {
            double old = optimizer.lr(g);
            double next = Math.max(old * factor, minLr);
            if (old - next > eps) {
                optimizer.setLr(g, next);
                reduced = true;
            }
        }
        cooldownLeft = cooldown;
        badEpochs = 0;
        return reduced;
    }

    private boolean isBetter(double m) {
        boolean rel = thresholdMode == ThresholdMode.REL;
        return mode == Mode.MIN
                ? m < (rel ? best * (1 - threshold) : best - threshold)
                : m > (rel ? best * (1 + threshold) : best + threshold);
    }

    public double best() {
        return best;
    }

    public int badEpochs() {
        return badEpochs;
    }
}
