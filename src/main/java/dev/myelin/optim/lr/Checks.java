package dev.myelin.optim.lr;

/** Argument checks the schedules share. */
final class Checks {
    private Checks() {}

    static void requireGamma(String schedule, double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException(schedule + ": gamma must be a finite factor > 0, got " + gamma);
        }
    }
}
