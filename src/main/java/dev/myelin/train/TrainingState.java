package dev.myelin.train;

import dev.myelin.nn.Module;
import dev.myelin.optim.Optimizer;

/** What callbacks see of a running {@link Trainer#fit}: the model, the optimizer, the history so far, and a way to stop. */
public final class TrainingState {
    private final Module model;
    private final Optimizer optimizer;
    private final History history;
    private final int lastEpoch;
    private int epoch;
    private String stopReason;

    TrainingState(Module model, Optimizer optimizer, History history, int lastEpoch) {
        this.model = model;
        this.optimizer = optimizer;
        this.history = history;
        this.lastEpoch = lastEpoch;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public History history() {
        return history;
    }

    /** The epoch running now (from 1; numbering continues across calls of fit). */
    public int epoch() {
        return epoch;
    }

    void epoch(int e) {
        epoch = e;
    }

    /** The number of the last epoch this fit will run unless stopped. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** Asks the trainer to stop after the current epoch; the reason is logged and kept. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean isStopRequested() {
        return stopReason != null;
    }

    /** Why training stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }
}
