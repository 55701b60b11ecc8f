package dev.myelin.optim.lr;

/** {@code lr = base * gamma^epoch}, as PyTorch's ExponentialLR. */
public record ExponentialLR(double gamma) implements LrSchedule {
    public ExponentialLR {
        Checks.requireGamma("ExponentialLR", gamma);
    }

    @Override
    public double lr(double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, epoch);
    }
}
