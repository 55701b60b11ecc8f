package dev.myelin.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}. Every method does nothing by default. To end training early,
 * call {@link TrainingState#stop(String)}: the current epoch finishes, then {@link #onTrainEnd} runs.
 */
public interface Callback {
    default void onTrainStart(TrainingState state) {}

    /** Before epoch {@code epoch} (numbered from 1). */
    default void onEpochStart(TrainingState state, int epoch) {}

    /** After each training step: batch {@code batch} (from 1) of the epoch, with its mean loss. */
    default void onBatchEnd(TrainingState state, int batch, double loss) {}

    /** After the epoch's validation, with everything logged for it (also the last row of {@link TrainingState#history()}). */
    default void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {}

    /** Once, after the last epoch or after a stop. */
    default void onTrainEnd(TrainingState state) {}
}
