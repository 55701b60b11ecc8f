package dev.myelin.optim.lr;

/**
 * A linear ramp from {@code startFactor * base} up to the base rate over {@code warmupEpochs}, then
 * {@code then} counted from the end of the warm-up:
 * <pre>
 *   lr = base * (startFactor + (1 - startFactor) * epoch / warmupEpochs)   for epoch &lt; warmupEpochs
 *   lr = then.lr(base, epoch - warmupEpochs)                              afterwards
 * </pre>
 * This is PyTorch's {@code SequentialLR([LinearLR(start_factor, total_iters=warmupEpochs), then],
 * milestones=[warmupEpochs])}, or LinearLR alone when {@code then} is {@link LrSchedule#constant()}.
 */
public record LinearWarmup(int warmupEpochs, double startFactor, LrSchedule then) implements LrSchedule {
    public LinearWarmup {
        if (warmupEpochs <= 0) {
            throw new IllegalArgumentException("LinearWarmup: warm-up length must be positive, got " + warmupEpochs);
        }
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: Starting multiplicative factor expected to be in (0, 1], got "
                    + startFactor);
        }
        if (then == null) {
            throw new IllegalArgumentException("LinearWarmup: the schedule after warm-up is null; use LrSchedule.constant()");
        }
    }

    /** Warm-up to the base rate, which then stays. */
    public LinearWarmup(int warmupEpochs, double startFactor) {
        this(warmupEpochs, startFactor, LrSchedule.constant());
    }

    @Override
    public double lr(double baseLr, int epoch) {
        if (epoch >= warmupEpochs) {
            return then.lr(baseLr, epoch - warmupEpochs);
        }
        return baseLr * (startFactor + (1 - startFactor) * epoch / warmupEpochs);
    }
}
