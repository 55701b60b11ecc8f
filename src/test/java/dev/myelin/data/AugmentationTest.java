package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest extends ScopedTest {
    /** count images of shape with distinct positive values 1, 2, 3, ... */
    private static ImageBatch distinct(int count, ImageShape shape) {
        float[] d = new float[count * shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i + 1;
        }
        return new ImageBatch(d, count, shape);
    }

    private static float[] image(ImageBatch b, int n) {
        return Arrays.copyOfRange(b.data(), b.start(n), b.start(n) + b.shape().size());
    }

    /** Reference: image n shifted by (dy, dx) with zero fill, out[c][y][x] = in[c][y + dy][x + dx]. */
    private static float[] shifted(float[] in, ImageShape s, int dy, int dx) {
        float[] out = new float[in.length];
        for (int c = 0; c < s.channels(); c++) {
            for (int y = 0; y < s.height(); y++) {
                for (int x = 0; x < s.width(); x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    if (sy >= 0 && sy < s.height() && sx >= 0 && sx < s.width()) {
                        out[(c * s.height() + y) * s.width() + x] = in[(c * s.height() + sy) * s.width() + sx];
                    }
                }
            }
        }
        return out;
    }

    /** Reference: columns in reverse order, every row of every channel. */
    private static float[] mirrored(float[] in, ImageShape s) {
        float[] out = new float[in.length];
        for (int row = 0; row < s.channels() * s.height(); row++) {
            for (int x = 0; x < s.width(); x++) {
                out[row * s.width() + x] = in[row * s.width() + s.width() - 1 - x];
            }
        }
        return out;
    }

    @Test
    void horizontalFlipMirrorsColumnsWithItsProbability() {
        ImageShape s = new ImageShape(2, 3, 5); // odd width: the middle column stays
        ImageBatch always = distinct(3, s);
        ImageBatch original = distinct(3, s);
        new HorizontalFlip(1).apply(always, new SplittableRandom(1));
        for (int n = 0; n < 3; n++) {
            assertArrayEquals(mirrored(image(original, n), s), image(always, n));
        }
        ImageBatch never = distinct(3, s);
        new HorizontalFlip(0).apply(never, new SplittableRandom(1));
        assertArrayEquals(original.data(), never.data());

        ImageBatch half = distinct(2000, new ImageShape(1, 2, 4));
        ImageBatch before = distinct(2000, new ImageShape(1, 2, 4));
        new HorizontalFlip().apply(half, new SplittableRandom(2));
        int flipped = 0;
        for (int n = 0; n < 2000; n++) {
            float[] out = image(half, n);
            boolean mirror = Arrays.equals(mirrored(image(before, n), half.shape()), out);
            assertTrue(mirror || Arrays.equals(image(before, n), out), "image " + n + " is either unchanged or mirrored");
            flipped += mirror ? 1 : 0;
        }
        assertTrue(flipped > 900 && flipped < 1100, flipped + " of 2000 flipped with p = 0.5");
    }

    @Test
    void randomCropShiftsByADrawnOffsetWithZeroPadding() {
        ImageShape s = new ImageShape(2, 6, 7);
        int count = 400;
        ImageBatch b = distinct(count, s);
        ImageBatch before = distinct(count, s);
        new RandomCrop(2).apply(b, new SplittableRandom(3));
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < count; n++) {
            float[] out = image(b, n);
            int matches = 0;
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    if (Arrays.equals(shifted(image(before, n), s, dy, dx), out)) {
                        matches++;
                        seen.add(dy + "," + dx);
                    }
                }
            }
            assertEquals(1, matches, "image " + n + " is the input shifted by exactly one offset in [-2, 2]^2");
        }
        assertEquals(25, seen.size(), "every offset occurs: " + seen);
        ImageBatch unpadded = distinct(5, s);
        new RandomCrop(0).apply(unpadded, new SplittableRandom(3));
        assertArrayEquals(distinct(5, s).data(), unpadded.data());
    }

    @Test
    void gaussianNoiseHasTheAskedSpread() {
        ImageBatch b = new ImageBatch(new float[100 * 64], 100, new ImageShape(1, 8, 8));
        new AddGaussianNoise(0.3).apply(b, new SplittableRandom(4));
        double sum = 0;
        double squares = 0;
        for (float v : b.data()) {
            sum += v;
            squares += v * v;
        }
        int n = b.data().length;
        double mean = sum / n;
        assertEquals(0, mean, 0.02);
        assertEquals(0.3, Math.sqrt(squares / n - mean * mean), 0.01);
        ImageBatch again = new ImageBatch(new float[100 * 64], 100, new ImageShape(1, 8, 8));
        new AddGaussianNoise(0.3).apply(again, new SplittableRandom(4));
        assertArrayEquals(b.data(), again.data(), "the same draws for the same seed");
    }

    /** Images with values in [lo, hi). */
    private static ImageBatch uniform(int count, ImageShape s, float lo, float hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[count * s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * (float) r.nextDouble();
        }
        return new ImageBatch(d, count, s);
    }

    @Test
    void brightnessScalesEachImageByOneFactorInRange() {
        ImageShape s = new ImageShape(3, 4, 4);
        ImageBatch b = uniform(200, s, 0.2f, 0.6f, 5);
        ImageBatch before = uniform(200, s, 0.2f, 0.6f, 5);
        new BrightnessContrast(0.5, 0).apply(b, new SplittableRandom(6));
        double lowest = 2;
        double highest = 0;
        for (int n = 0; n < 200; n++) {
            float[] in = image(before, n);
            float[] out = image(b, n);
            double factor = out[0] / in[0];
            for (int i = 0; i < in.length; i++) {
                assertEquals(factor * in[i], out[i], 1e-5, "image " + n + ": one factor for all its pixels");
            }
            lowest = Math.min(lowest, factor);
            highest = Math.max(highest, factor);
        }
        assertTrue(lowest >= 0.5 && lowest < 0.55 && highest <= 1.5 && highest > 1.45, lowest + " .. " + highest);
    }

    @Test
    void contrastScalesDeviationsFromTheImageMean() {
        ImageShape s = new ImageShape(1, 5, 5);
        ImageBatch b = uniform(200, s, 0.4f, 0.6f, 7);
        ImageBatch before = uniform(200, s, 0.4f, 0.6f, 7);
        new BrightnessContrast(0, 0.5).apply(b, new SplittableRandom(8));
        double lowest = 2;
        double highest = 0;
        for (int n = 0; n < 200; n++) {
            float[] in = image(before, n);
            float[] out = image(b, n);
            double mean = 0;
            for (float v : in) {
                mean += v / in.length;
            }
            double factor = (out[0] - mean) / (in[0] - mean);
            for (int i = 0; i < in.length; i++) {
                assertEquals(mean + factor * (in[i] - mean), out[i], 1e-5, "image " + n + " pixel " + i);
            }
            lowest = Math.min(lowest, factor);
            highest = Math.max(highest, factor);
        }
        assertTrue(lowest >= 0.5 && lowest < 0.55 && highest <= 1.5 && highest > 1.45, lowest + " .. " + highest);
    }

    @Test
    void jitterKeepsImagesInTheUnitRange() {
        ImageBatch b = uniform(100, new ImageShape(1, 4, 4), 0f, 1f, 9);
        new BrightnessContrast(0.9, 0.9).apply(b, new SplittableRandom(10));
        boolean clipped = false;
        for (float v : b.data()) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
            clipped |= v == 0 || v == 1;
        }
        assertTrue(clipped, "large factors push some pixels to the bounds");
    }

    @Test
    void compositionAppliesEveryStepInOrder() {
        ImageShape s = new ImageShape(1, 2, 3);
        ImageBatch twice = distinct(4, s);
        Augmentation.compose(new HorizontalFlip(1), new HorizontalFlip(1)).apply(twice, new SplittableRandom(0));
        assertArrayEquals(distinct(4, s).data(), twice.data(), "two flips are the identity");
        ImageBatch flipThenShift = distinct(1, s);
        new HorizontalFlip(1).then(new RandomCrop(1)).apply(flipThenShift, new SplittableRandom(0));
        ImageBatch reference = distinct(1, s);
        new HorizontalFlip(1).apply(reference, new SplittableRandom(0));
        SplittableRandom sameDraws = new SplittableRandom(0);
        sameDraws.nextDouble(); // the flip's draw
        new RandomCrop(1).apply(reference, sameDraws);
        assertArrayEquals(reference.data(), flipThenShift.data());
        ImageBatch none = distinct(2, s);
        Augmentation.compose().apply(none, new SplittableRandom(0));
        assertArrayEquals(distinct(2, s).data(), none.data());
    }

    @Test
    void tensorsAreAugmentedIntoANewTensor() {
        Tensor images = Tensor.arange(12).view(2, 2, 3); // [N, H, W]
        Tensor out = new HorizontalFlip(1).apply(images, 0);
        assertArrayEquals(new int[] {2, 2, 3}, out.shape());
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9}, out.toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2}, images.select(0, 0).select(0, 0).contiguous().toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip().apply(Tensor.zeros(4, 5), 0));
        assertEquals("ImageBatch: expected float32 images [N, C, H, W] or [N, H, W], got float32 [4, 5]", e.getMessage());
        ImageBatch b = ImageBatch.of(Tensor.arange(24).view(2, 3, 2, 2));
        assertEquals(new ImageShape(3, 2, 2), b.shape());
        assertEquals(23f, b.data()[b.at(1, 2, 1, 1)]);
        assertArrayEquals(new int[] {2, 3, 2, 2}, b.toTensor().shape());
    }

    @Test
    void badParametersAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
        assertEquals("HorizontalFlip: probability must be in [0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(-1));
        assertEquals("RandomCrop: padding must be >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AddGaussianNoise(Double.NaN));
        assertEquals("AddGaussianNoise: std must be finite and >= 0, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BrightnessContrast(-0.1, 0));
        assertEquals("BrightnessContrast: brightness must be finite and >= 0, got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageBatch(new float[5], 1, new ImageShape(1, 2, 2)));
        assertEquals("ImageBatch: 5 values do not fill 1 images of [1, 2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 2, 2));
        assertEquals("ImageShape: channels, height and width must be positive, got [0, 2, 2]", e.getMessage());
        assertEquals(0.5, new HorizontalFlip().probability());
    }
}
