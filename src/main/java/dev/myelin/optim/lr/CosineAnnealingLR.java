package dev.myelin.optim.lr;

/**
 * Half a cosine from the base rate down to {@code etaMin} over {@code tMax} epochs, as PyTorch's
 * CosineAnnealingLR: {@code lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}.
 * Past {@code tMax} the cosine goes on, climbing back to the base rate at {@code 2 tMax}, as PyTorch's does.
 */
public record CosineAnnealingLR(int tMax, double etaMin) implements LrSchedule {
    public CosineAnnealingLR {
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
        }
        if (!(etaMin >= 0)) {
            throw new IllegalArgumentException("CosineAnnealingLR: eta_min must be >= 0, got " + etaMin);
        }
    }

    public CosineAnnealingLR(int tMax) {
        this(tMax, 0);
    }

    @Override
    public double lr(double baseLr, int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
