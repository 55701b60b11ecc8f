package dev.myelin.train;

import dev.myelin.optim.lr.LrScheduler;
import dev.myelin.optim.lr.ReduceLROnPlateau;
import java.util.Map;

/**
 * Adjusts the learning rate once per epoch, after validation, from what the epoch logged. Use
 * {@link #of(LrScheduler)} for a fixed schedule and {@link #onPlateau} to cut the rate when a
 * monitored value (the validation loss, say) stalls.
 */
@FunctionalInterface
public interface EpochScheduler {
    void afterEpoch(int epoch, Map<String, Double> logs);

    /** Steps a fixed schedule (step, cosine, ...) once per epoch. */
    static EpochScheduler of(LrScheduler scheduler) {
        return (epoch, logs) -> scheduler.step();
    }

    /** Feeds the logged value {@code key} (e.g. {@code val_loss}) to {@code plateau} after every epoch. */
    static EpochScheduler onPlateau(ReduceLROnPlateau plateau, String key) {
        Monitor watched = new Monitor("ReduceLROnPlateau", key, 0);
        return (epoch, logs) -> plateau.step(watched.valueIn(logs));
    }
}
