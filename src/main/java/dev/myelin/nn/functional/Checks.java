package dev.myelin.nn.functional;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/** Argument checks shared by the activations and losses; each message names the op. */
final class Checks {
    private Checks() {}

    static void requireFloat(String op, String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype() + " "
                    + Shapes.str(t.shape()));
        }
    }

    static void requireSameShape(String op, String whatA, Tensor a, String whatB, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + whatA + " " + Shapes.str(a.shape()) + " and " + whatB + " "
                    + Shapes.str(b.shape()) + " must have the same shape");
        }
    }

    static void requireNonEmpty(String op, String what, Tensor t) {
        if (t.numel() == 0) {
            throw new IllegalArgumentException(op + ": empty batch: " + what + " " + Shapes.str(t.shape())
                    + " has no elements");
        }
    }

    static void requireFinite(String op, String what, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + v);
        }
    }

    static Reduction requireReduction(String op, Reduction r) {
        if (r == null) {
            throw new IllegalArgumentException(op + ": reduction must be MEAN, SUM or NONE, got null");
        }
        return r;
    }
}
