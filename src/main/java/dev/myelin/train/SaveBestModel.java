package dev.myelin.train;

import dev.myelin.io.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a {@link Checkpoint} each time the monitored value ({@code val_loss} by default) improves,
 * so the file always holds the best model so far, with metadata {@code epoch} and the monitored
 * value. Saving is atomic, so a crash never leaves a damaged best model behind.
 */
public final class SaveBestModel implements Callback {
    private final Path file;
    private final Monitor monitor;
    private final boolean withOptimizer;
    private int savedEpoch;

    public SaveBestModel(Path file) {
        this(file, "val_loss", 0, false);
    }

    /** @param withOptimizer also save the optimizer's state, to resume training from the file */
    public SaveBestModel(Path file, String monitor, double minDelta, boolean withOptimizer) {
        this.file = file;
        this.monitor = new Monitor("SaveBestModel", monitor, minDelta);
        this.withOptimizer = withOptimizer;
    }

    @Override
    public void onTrainStart(TrainingState state) {
        monitor.reset();
        savedEpoch = 0;
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        double value = monitor.valueIn(logs);
        if (!monitor.update(value)) {
            return;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(epoch));
        meta.put(monitor.key(), Double.toString(value));
        try {
            Checkpoint.save(file, state.model(), withOptimizer ? state.optimizer() : null, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("SaveBestModel: cannot save " + file + ": " + e.getMessage(), e);
        }
        savedEpoch = epoch;
    }

    /** The epoch whose model the file holds (0 if none was saved in the last fit). */
    public int savedEpoch() {
        return savedEpoch;
    }

    public Path file() {
        return file;
    }
}
