package dev.myelin.optim.lr;

import java.util.Arrays;

/**
 * {@code lr = base * gamma^k}, where {@code k} counts the milestones at or before the epoch, as
 * PyTorch's MultiStepLR: {@code milestones = [30, 80]} divides by 10 at epoch 30 and again at 80.
 */
public record MultiStepLR(int[] milestones, double gamma) implements LrSchedule {
    public MultiStepLR {
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0 || i > 0 && milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be increasing and >= 0, got "
                        + Arrays.toString(milestones));
            }
        }
        Checks.requireGamma("MultiStepLR", gamma);
    }

    @Override
    public double lr(double baseLr, int epoch) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= epoch) {
            passed++;
        }
        return baseLr * Math.pow(gamma, passed);
    }

    @Override
    public int[] milestones() {
        return milestones.clone();
    }
}
