package dev.myelin.optim.lr;

/**
 * A learning rate as a closed-form function of the epoch (or step) count and the rate the
 * optimizer started with. {@link LrScheduler} applies one to an optimizer's groups.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The rate at {@code epoch} (0 for the first) for a group that started at {@code baseLr}. */
    double lr(double baseLr, int epoch);

    /** The base rate throughout. */
    static LrSchedule constant() {
        return (baseLr, epoch) -> baseLr;
    }
}
