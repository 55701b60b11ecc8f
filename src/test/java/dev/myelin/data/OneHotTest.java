package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OneHotTest extends ScopedTest {
    @Test
    void eachRowHasASingleOneAtItsLabel() {
        SplittableRandom r = new SplittableRandom(3);
        int[] labels = r.ints(50, 0, 7).toArray();
        float[] flat = OneHot.encode(labels, 7);
        assertEquals(50 * 7, flat.length);
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < 7; c++) {
                assertEquals(c == labels[i] ? 1f : 0f, flat[i * 7 + c], "row " + i + " column " + c);
            }
        }
        Tensor t = OneHot.tensor(labels, 7);
        assertArrayEquals(new int[] {50, 7}, t.shape());
        assertArrayEquals(flat, t.toFloatArray());
        // argmax of each row gives the labels back
        for (int i = 0; i < labels.length; i++) {
            assertEquals(1f, t.getFloat(i, labels[i]));
        }
    }

    @Test
    void labelsOutOfRangeAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {0, 3, 10}, 10));
        assertEquals("one_hot: label 10 at index 2 out of range [0, 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {-1}, 10));
        assertEquals("one_hot: label -1 at index 0 out of range [0, 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {0}, 0));
        assertEquals("one_hot: the number of classes must be positive, got 0", e.getMessage());
    }
}
