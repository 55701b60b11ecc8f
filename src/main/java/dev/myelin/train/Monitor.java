package dev.myelin.train;

import java.util.Map;

/**
 * Follows one logged value (e.g. {@code val_loss}) across epochs and tells whether a new value is an
 * improvement: lower by more than {@code minDelta} for losses and errors, higher by more than
 * {@code minDelta} for accuracy. NaN never improves.
 */
public final class Monitor {
    private final String owner;
    private final String key;
    private final double minDelta;
    private final boolean higherIsBetter;
    private double best = Double.NaN;

    public Monitor(String owner, String key, double minDelta) {
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException(owner + ": minDelta must be >= 0, got " + minDelta);
        }
        this.owner = owner;
        this.key = key;
        this.minDelta = minDelta;
        this.higherIsBetter = Metric.higherIsBetter(key);
    }

    public String key() {
        return key;
    }

    /** The best value seen, or NaN before the first. */
    public double best() {
        return best;
    }

    /** Forgets the best value. */
    public void reset() {
        best = Double.NaN;
    }

    /** The monitored value in {@code logs}; throws, naming what was logged, when it is absent. */
    public double valueIn(Map<String, Double> logs) {
        Double v = logs.get(key);
        if (v == null) {
            throw new IllegalStateException(owner + ": monitored value '" + key + "' is not among the logged values "
                    + logs.keySet() + (key.startsWith("val_") ? " (was the trainer given validation data?)" : ""));
        }
        return v;
    }

    /** Whether {@code value} beats the best so far; if so it becomes the best. */
    public boolean update(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        boolean better = Double.isNaN(best) || (higherIsBetter ? value > best + minDelta : value < best - minDelta);
        if (better) {
            best = value;
        }
        return better;
    }
}
