package dev.myelin.train;

import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value ({@code val_loss} by default) has not improved by more than
 * {@code minDelta} for {@code patience} epochs in a row. With {@code restoreBest}, it keeps a copy
 * of the weights of the best epoch and puts them back into the model when training ends, so the
 * model returned is the best one seen rather than the last.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBest;
    private WeightsSnapshot best;
    private int bestEpoch;
    private int lastEpoch;
    private int epochsWithoutImprovement;
    private int stoppedEpoch;
    private boolean restored;

    /** Watches {@code val_loss}. */
    public EarlyStopping(int patience, double minDelta, boolean restoreBest) {
        this("val_loss", patience, minDelta, restoreBest);
    }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 1 epoch, got " + patience);
        }
        this.monitor = new Monitor("EarlyStopping", monitor, minDelta);
        this.patience = patience;
        this.restoreBest = restoreBest;
    }

    @Override
    public void onTrainStart(TrainingState state) {
        monitor.reset();
        bestEpoch = 0;
        stoppedEpoch = 0;
        epochsWithoutImprovement = 0;
        restored = false;
        if (restoreBest) {
            closeSnapshot();
            best = new WeightsSnapshot();
        }
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        lastEpoch = epoch;
        if (monitor.update(monitor.valueIn(logs))) {
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            if (best != null) {
                best.capture(state.model());
            }
            return;
        }
        if (++epochsWithoutImprovement >= patience) {
            stoppedEpoch = epoch;
            state.stop(String.format(Locale.ROOT, "early stopping: %s has not improved for %d epochs (best %.4f at epoch %d)",
                    monitor.key(), epochsWithoutImprovement, monitor.best(), bestEpoch));
        }
    }

    @Override
    public void onTrainEnd(TrainingState state) {
        if (best != null && !best.isEmpty() && bestEpoch != lastEpoch) {
            best.restore(state.model());
            restored = true;
        }
        closeSnapshot();
    }

    private void closeSnapshot() {
        if (best != null) {
            best.close();
            best = null;
        }
    }

    /** The epoch with the best monitored value (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value, or NaN. */
    public double bestValue() {
        return monitor.best();
    }

    /** The epoch after which training was stopped, or 0 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Whether the last fit ended with the best epoch's weights put back. */
    public boolean restoredBest() {
        return restored;
    }
}
