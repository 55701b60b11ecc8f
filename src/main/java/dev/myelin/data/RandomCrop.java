package dev.myelin.data;

import java.util.SplittableRandom;

/**
 * Pads each image with {@code padding} zeros on every side and crops it back to its size at a random
 * offset: a shift by (dy, dx), each uniform in [-padding, padding], with zeros filling what moves in.
 * {@code out[y][x] = in[y + dy][x + dx]}, or 0 outside the image.
 */
public record RandomCrop(int padding) implements Augmentation {
    public RandomCrop {
        DataChecks.nonNegative("RandomCrop", "padding", padding);
    }

    @Override
    public void apply(ImageBatch images, SplittableRandom random) {
        ImageShape s = images.shape();
        float[] d = images.data();
        float[] original = new float[s.size()];
        for (int n = 0; n < images.count(); n++) {
            int dy = random.nextInt(2 * padding + 1) - padding;
            int dx = random.nextInt(2 * padding + 1) - padding;
            System.arraycopy(d, images.start(n), original, 0, original.length);
            for (int c = 0; c < s.channels(); c++) {
                for (int y = 0; y < s.height(); y++) {
                    for (int x = 0; x < s.width(); x++) {
                        int sy = y + dy;
                        int sx = x + dx;
                        boolean inside = sy >= 0 && sy < s.height() && sx >= 0 && sx < s.width();
                        d[images.at(n, c, y, x)] = inside ? original[(c * s.height() + sy) * s.width() + sx] : 0f;
                    }
                }
            }
        }
    }
}
