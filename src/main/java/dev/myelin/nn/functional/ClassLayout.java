package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The shape of a classification loss: scores [N, C, d...] (or [C] for one sample) with classes
 * along dimension 1, and one loss per position [N, d...] (or []). Validates the scores and reads
 * class-index targets.
 */
record ClassLayout(Along along, int[] lossShape, int[] scoreShape) {

    static ClassLayout of(String op, String what, Tensor scores) {
        Checks.requireFloat(op, what, scores);
        int[] shape = scores.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException(op + ": " + what
                    + " need a class dimension: expected [N, C] or [N, C, d...], got []");
        }
        int classDim = shape.length == 1 ? 0 : 1;
        if (shape[classDim] == 0) {
            throw new IllegalArgumentException(op + ": " + what + " " + Shapes.str(shape) + " have no classes (dimension "
                    + classDim + " is 0)");
        }
        Checks.requireNonEmpty(op, what, scores);
        int[] lossShape = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != classDim) {
                lossShape[k++] = shape[d];
            }
        }
        return new ClassLayout(Along.of(shape, classDim), lossShape, shape);
    }

    int classes() {
        return along.size();
    }

    int positions() {
        return along.positions();
    }

    /** Index of class k's score at position p. */
    long at(int p, int k) {
        return along.base(p) + (long) k * along.inner();
    }

    /** The class index of every position, checked for dtype, shape and range. */
    int[] classIndices(String op, String what, Tensor target) {
        if (target.dtype() == DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": target must hold int32 or int64 class indices, got float32 "
                    + Shapes.str(target.shape()) + "; for class probabilities use crossEntropySoft");
        }
        if (!java.util.Arrays.equals(target.shape(), lossShape)) {
            throw new IllegalArgumentException(op + ": target " + Shapes.str(target.shape()) + " does not match " + what + " "
                    + Shapes.str(scoreShape) + ": expected target shape " + Shapes.str(lossShape));
        }
        MemorySegment s = target.detach().contiguous().data();
        int[] classes = new int[positions()];
        for (int p = 0; p < classes.length; p++) {
            long c = target.dtype() == DType.INT64 ? s.getAtIndex(JAVA_LONG, p) : s.getAtIndex(JAVA_INT, p);
            if (c < 0 || c >= classes()) {
                throw new IndexOutOfBoundsException(op + ": target " + Shapes.str(target.shape()) + " has class index " + c
                        + " out of range [0, " + classes() + ")");
            }
            classes[p] = (int) c;
        }
        return classes;
    }
}
