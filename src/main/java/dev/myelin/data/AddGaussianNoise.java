package dev.myelin.data;

import java.util.SplittableRandom;

/** Adds independent noise N(0, std^2) to every value of every image. */
public record AddGaussianNoise(double std) implements Augmentation {
    public AddGaussianNoise {
        DataChecks.nonNegative("AddGaussianNoise", "std", std);
    }

    @Override
    public void apply(ImageBatch images, SplittableRandom random) {
        float[] d = images.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (std * random.nextGaussian());
        }
    }
}
