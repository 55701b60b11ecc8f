package dev.myelin.optim.lr;

/** {@code lr = base * gamma^floor(epoch / stepSize)}: decays by {@code gamma} every {@code stepSize} epochs, as PyTorch's StepLR. */
public record StepLR(int stepSize, double gamma) implements LrSchedule {
    public StepLR {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: step_size must be positive, got " + stepSize);
        }
        Checks.requireGamma("StepLR", gamma);
    }

    @Override
    public double lr(double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}
