package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest extends ScopedTest {
    @Test
    void rowsWithLabelsKeepEveryValue() {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        ArrayDataset d = ArrayDataset.of(rows, new int[] {1, 0});
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {3}, d.featureShape());
        assertTrue(d.hasLabels());
        assertEquals(0, d.targetSize());
        Example e = d.get(1);
        assertArrayEquals(rows[1], e.features());
        assertEquals(0, e.label());
        assertTrue(e.hasLabel());
        float[] dest = new float[5];
        d.copyFeatures(0, dest, 2);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, dest);
        rows[0][0] = 99; // the rows were copied
        assertEquals(1f, d.get(0).features()[0]);
    }

    @Test
    void rowsWithTargets() {
        ArrayDataset d = ArrayDataset.of(new float[][] {{1}, {2}, {3}}, new float[][] {{10, 11}, {20, 21}, {30, 31}});
        assertEquals(2, d.targetSize());
        assertFalse(d.hasLabels());
        assertArrayEquals(new float[] {20, 21}, d.get(1).targets());
        assertEquals(Example.NO_LABEL, d.get(1).label());
        float[] t = new float[2];
        d.copyTargets(2, t, 0);
        assertArrayEquals(new float[] {30, 31}, t);
        var e = assertThrows(IllegalStateException.class, () -> d.label(0));
        assertEquals("ArrayDataset: examples have 2 float targets, not class labels", e.getMessage());
    }

    @Test
    void tensorsAreCopiedOutOfTheirScope() {
        ArrayDataset d;
        try (Scope inner = Scope.open("inner")) {
            Tensor x = Tensor.arange(12).view(3, 2, 2);
            Tensor y = Tensor.ofLongs(new long[] {2, 0, 1}, 3);
            d = ArrayDataset.fromTensors(x, y);
        }
        assertArrayEquals(new int[] {2, 2}, d.featureShape());
        assertArrayEquals(new float[] {8, 9, 10, 11}, d.get(2).features());
        assertEquals(1, d.label(2));

        Tensor x = Tensor.randn(7, 4, 3).t(); // [3, 4], not contiguous
        ArrayDataset r = ArrayDataset.fromTensors(x, Tensor.of(new float[] {1, 2, 3}, 3));
        assertEquals(1, r.targetSize());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(x.getFloat(i, j), r.get(i).features()[j]);
            }
        }
        assertArrayEquals(new float[] {3}, r.get(2).targets());
    }

    @Test
    void fromTensorsChecksShapesAndTypes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.fromTensors(Tensor.zeros(4, 2), Tensor.ofInts(new int[] {0, 1, 2}, 3)));
        assertEquals("ArrayDataset.fromTensors: features [4, 2] have 4 examples but targets [3] do not start with 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.fromTensors(Tensor.ofInts(new int[] {1, 2}, 2), Tensor.ofInts(new int[] {0, 1}, 2)));
        assertEquals("ArrayDataset.fromTensors: features must be a float32 tensor [N, ...], got int32 [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.fromTensors(Tensor.zeros(2, 2), Tensor.zeros(DType.INT32, 2, 1)));
        assertEquals("ArrayDataset.fromTensors: class labels must be [N], got [2, 1]", e.getMessage());
    }

    @Test
    void badArraysAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> ArrayDataset.of(new float[][] {{1, 2}, {3}}, new int[] {0, 1}));
        assertEquals("ArrayDataset.of: row 1 has 1 values, expected 2 (as row 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ArrayDataset.of(new float[][] {{1}}, new int[] {0, 1}));
        assertEquals("ArrayDataset.of: 1 feature rows but 2 labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.classification(new float[7], new int[] {2, 2}, new int[] {0, 1}));
        assertEquals("ArrayDataset.classification: 7 feature values do not fill 2 examples of shape [2, 2] (8 values)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ArrayDataset.classification(new float[2], new int[] {1}, new int[] {0, -3}));
        assertEquals("ArrayDataset.classification: label -3 at index 1 is negative; class labels are 0, 1, ...", e.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> ArrayDataset.of(new float[][] {{1}}, new int[] {0}).get(1));
        assertEquals("ArrayDataset: index 1 out of range [0, 1)", oob.getMessage());
    }

    @Test
    void featureShapeCanBeViewedDifferently() {
        ArrayDataset d = ArrayDataset.classification(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 2, 2}, new int[] {3, 4});
        ArrayDataset flat = d.withFeatureShape(-1);
        assertArrayEquals(new int[] {4}, flat.featureShape());
        assertArrayEquals(new float[] {5, 6, 7, 8}, flat.get(1).features());
        assertEquals(4, flat.label(1));
        assertThrows(IllegalArgumentException.class, () -> d.withFeatureShape(3));
    }

    @Test
    void subsetsMapIndices() {
        ArrayDataset d = ArrayDataset.of(new float[][] {{0}, {1}, {2}, {3}, {4}}, new int[] {0, 1, 2, 3, 4});
        Subset s = new Subset(d, new int[] {4, 1, 1});
        assertEquals(3, s.size());
        assertEquals(4, s.label(0));
        assertArrayEquals(new float[] {1}, s.get(2).features());
        Subset r = Subset.range(d, 1, 3);
        assertArrayEquals(new int[] {1, 2}, r.indices());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> new Subset(d, new int[] {5}));
        assertEquals("Subset: index 5 out of range [0, 5)", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        assertEquals("Subset: index 3 out of range [0, 3)", e.getMessage());
    }
}
