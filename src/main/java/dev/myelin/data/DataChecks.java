package dev.myelin.data;

/** Argument checks shared by the datasets, readers and loader. */
final class DataChecks {
    private DataChecks() {}

    static int index(String what, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(what + ": index " + index + " out of range [0, " + size + ")");
        }
        return index;
    }

    static void label(String what, int label, int position) {
        if (label < 0) {
            throw new IllegalArgumentException(what + ": label " + label + " at index " + position
                    + " is negative; class labels are 0, 1, ...");
        }
    }

    static void positive(String what, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + ": " + name + " must be positive, got " + value);
        }
    }

    static void probability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + ": probability must be in [0, 1], got " + p);
        }
    }

    static void nonNegative(String what, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + ": " + name + " must be >= 0, got " + value);
        }
    }

    static void nonNegative(String what, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + ": " + name + " must be finite and >= 0, got " + value);
        }
    }
}
