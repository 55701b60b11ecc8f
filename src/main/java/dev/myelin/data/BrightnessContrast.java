package dev.myelin.data;

import java.util.SplittableRandom;

/**
 * Random brightness and contrast per image, as torchvision's {@code ColorJitter} for images scaled to
 * [0, 1]: a brightness factor b uniform in [max(0, 1 - brightness), 1 + brightness] gives
 * {@code x' = clamp(b * x, 0, 1)}; then a contrast factor c uniform in [max(0, 1 - contrast), 1 + contrast]
 * gives {@code x'' = clamp(c * (x' - m) + m, 0, 1)} with m the mean of x' over the image (all channels).
 */
public record BrightnessContrast(double brightness, double contrast) implements Augmentation {
    public BrightnessContrast {
        DataChecks.nonNegative("BrightnessContrast", "brightness", brightness);
        DataChecks.nonNegative("BrightnessContrast", "contrast", contrast);
    }

    @Override
    public void apply(ImageBatch images, SplittableRandom random) {
        float[] d = images.data();
        int size = images.shape().size();
        for (int n = 0; n < images.count(); n++) {
            float b = factor(brightness, random);
            float c = factor(contrast, random);
            int from = images.start(n);
            double sum = 0;
            for (int i = from; i < from + size; i++) {
                d[i] = clampUnit(b * d[i]);
                sum += d[i];
            }
            float mean = (float) (sum / size);
            for (int i = from; i < from + size; i++) {
                d[i] = clampUnit(c * (d[i] - mean) + mean);
            }
        }
    }

    private static float factor(double spread, SplittableRandom random) {
        double lo = Math.max(0, 1 - spread);
        return (float) (lo + (1 + spread - lo) * random.nextDouble());
    }

    private static float clampUnit(float v) {
        return Math.clamp(v, 0f, 1f);
    }
}
