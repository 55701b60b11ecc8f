package dev.myelin.train;

import java.util.Locale;

/**
 * What the trainer measures besides the loss. Each is computed over a whole epoch, not averaged
 * over batches: accuracy = correct / examples (argmax of the outputs against class labels),
 * RMSE = sqrt(sum (y - t)^2 / elements), MAE = sum |y - t| / elements (against float targets).
 */
public enum Metric {
    ACCURACY(true),
    RMSE(false),
    MAE(false);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** The column name in the history: {@code accuracy}, {@code rmse}, {@code mae}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether a larger value of the history column {@code key} (e.g. {@code val_accuracy}) is better; losses and errors are not. */
    public static boolean higherIsBetter(String key) {
        String base = key.startsWith("val_") ? key.substring(4) : key;
        for (Metric m : values()) {
            if (m.key().equals(base)) {
                return m.higherIsBetter;
            }
        }
        return false;
    }
}
