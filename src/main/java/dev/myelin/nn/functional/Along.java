package dev.myelin.nn.functional;

/**
 * A contiguous shape seen as [outer, size, inner] around one dimension: element (o, k, i) is at
 * (o * size + k) * inner + i. A position p = o * inner + i is one line along the dimension, and
 * positions are numbered like the elements of the shape with that dimension removed.
 */
record Along(int outer, int size, int inner) {
    static Along of(int[] shape, int dim) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return new Along(outer, shape.length == 0 ? 1 : shape[dim], inner);
    }

    int positions() {
        return outer * inner;
    }

    /** Index of element 0 on position p; element k follows at base + k * inner. */
    long base(int p) {
        int o = p / inner;
        return (long) o * size * inner + (p - o * inner);
    }
}
