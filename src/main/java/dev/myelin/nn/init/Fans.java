package dev.myelin.nn.init;

import dev.myelin.tensor.Shapes;

/**
 * Fan-in and fan-out of a weight, computed as {@code torch.nn.init} does: for a shape
 * {@code [out, in, k1, k2, ...]}, {@code fanIn = in * k1 * k2 * ...} and {@code fanOut = out * k1 * k2 * ...}
 * (the product of the kernel dimensions is the receptive field).
 */
public record Fans(long in, long out) {
    /** The fans of a weight of {@code shape}; throws for fewer than 2 dimensions. */
    public static Fans of(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("init: fan in and fan out can not be computed for a tensor with fewer than 2 "
                    + "dimensions, got " + Shapes.str(shape));
        }
        long receptiveField = 1;
        for (int d = 2; d < shape.length; d++) {
            receptiveField *= shape[d];
        }
        return new Fans((long) shape[1] * receptiveField, (long) shape[0] * receptiveField);
    }

    public long get(FanMode mode) {
        return mode == FanMode.FAN_IN ? in : out;
    }
}
