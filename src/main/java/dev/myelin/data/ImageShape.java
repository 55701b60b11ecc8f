package dev.myelin.data;

import dev.myelin.tensor.Shapes;

/** The geometry of one image: channels, height and width (stored channel-major, rows, then columns). */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("ImageShape: channels, height and width must be positive, got ["
                    + channels + ", " + height + ", " + width + "]");
        }
    }

    /** Reads [C, H, W] or [H, W] (one channel) from an example's feature shape. */
    public static ImageShape of(int[] featureShape) {
        return switch (featureShape.length) {
            case 3 -> new ImageShape(featureShape[0], featureShape[1], featureShape[2]);
            case 2 -> new ImageShape(1, featureShape[0], featureShape[1]);
            default -> throw new IllegalArgumentException("ImageShape: expected image features [C, H, W] or [H, W], got "
                    + Shapes.str(featureShape) + "; give the image shape explicitly, e.g. new ImageShape(1, 28, 28)");
        };
    }

    /** Floats per image. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return "[" + channels + ", " + height + ", " + width + "]";
    }
}
