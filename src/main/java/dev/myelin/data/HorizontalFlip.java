package dev.myelin.data;

import java.util.SplittableRandom;

/** Mirrors each image left-to-right (every channel) with the given probability, 0.5 by default. */
public record HorizontalFlip(double probability) implements Augmentation {
    public HorizontalFlip {
        DataChecks.probability("HorizontalFlip", probability);
    }

    public HorizontalFlip() {
        this(0.5);
    }

    @Override
    public void apply(ImageBatch images, SplittableRandom random) {
        ImageShape s = images.shape();
        float[] d = images.data();
        for (int n = 0; n < images.count(); n++) {
            if (random.nextDouble() >= probability) {
                continue;
            }
            for (int c = 0; c < s.channels(); c++) {
                for (int y = 0; y < s.height(); y++) {
                    for (int l = images.at(n, c, y, 0), r = l + s.width() - 1; l < r; l++, r--) {
                        float t = d[l];
                        d[l] = d[r];
                        d[r] = t;
                    }
                }
            }
        }
    }
}
