package dev.myelin.optim.lr;

import dev.myelin.optim.Optimizer;

/**
 * Drives an optimizer's learning rates by a {@link LrSchedule}, as PyTorch's schedulers do: each
 * group's rate at construction is its base rate, the schedule's epoch-0 rate is applied at once,
 * and every {@link #step()} (once per epoch, or per batch for warm-ups) moves one epoch on.
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double[] baseLrs;
    private int epoch;

    public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.baseLrs = new double[optimizer.groups().size()];
        for (int g = 0; g < baseLrs.length; g++) {
            baseLrs[g] = optimizer.lr(g);
        }
        apply();
    }

    /** Moves to the next epoch and sets each group's rate. */
    public void step() {
        epoch++;
        apply();
    }

    private void apply() {
        for (int g = 0; g < baseLrs.length; g++) {
            optimizer.setLr(g, schedule.lr(baseLrs[g], epoch));
        }
    }

    /** Epochs stepped so far (PyTorch's {@code last_epoch}). */
    public int epoch() {
        return epoch;
    }

    /** The rates now in force, per group (PyTorch's {@code get_last_lr()}). */
    public double[] lastLr() {
        double[] out = new double[baseLrs.length];
        for (int g = 0; g < out.length; g++) {
            out[g] = optimizer.lr(g);
        }
        return out;
    }
}
