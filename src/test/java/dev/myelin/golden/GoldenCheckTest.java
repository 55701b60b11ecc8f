package dev.myelin.golden;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker itself: it must catch a wrong output, a wrong or missing gradient, and say where. */
class GoldenCheckTest extends ScopedTest {
    private static Golden.Array array(float... v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return new Golden.Array(new int[] {v.length}, d, v);
    }

    /** out = x + y with w = (1, 1, 1): both gradients are ones. */
    private static final Golden.Case ADD = new Golden.Case("synthetic", "add", "add", new JsonObject(),
            List.of(new Golden.Input("x", "float32", array(1, 2, 3)), new Golden.Input("y", "float32", array(0.5f, 0, -1))),
            array(1.5f, 2, 2), array(1, 1, 1), Map.of("x", array(1, 1, 1), "y", array(1, 1, 1)));

    private static String failure(GoldenCheck.Op op) {
        return assertThrows(AssertionError.class, () -> GoldenCheck.run(ADD, Map.of("add", op))).getMessage();
    }

    @Test
    void toleranceIsRelativeAboveOneAndAbsoluteBelow() {
        assertTrue(GoldenCheck.close(1.00009f, 1.0));
        assertFalse(GoldenCheck.close(1.00011f, 1.0));
        assertTrue(GoldenCheck.close(0.00009f, 0.0));
        assertTrue(GoldenCheck.close(100.009f, 100.0));
        assertFalse(GoldenCheck.close(100.02f, 100.0));
        assertFalse(GoldenCheck.close(Float.NaN, 1.0));
    }

    @Test
    void aCorrectOpPasses() {
        assertDoesNotThrow(() -> GoldenCheck.run(ADD, Map.of("add", (c, in) -> in.get("x").add(in.get("y")))));
    }

    @Test
    void aWrongOutputNamesTheCaseTheElementAndBothValues() {
        String m = failure((c, in) -> in.get("x").add(in.get("y")).clamp(-10, 1.75f));
        assertEquals("golden case 'add' (synthetic): output element [1] (flat 1): myelin 1.75000000 vs torch 2.00000000, "
                + "|diff| 0.250 > 1e-04 * max(1, |torch|); 2 of 3 elements differ", m);
    }

    @Test
    void aWrongGradientIsCaught() {
        // right values, but x counts twice in the graph
        String m = failure((c, in) -> in.get("x").mul(2f).sub(in.get("x").detach()).add(in.get("y")));
        assertTrue(m.startsWith("golden case 'add' (synthetic): gradient of x element [0] (flat 0): myelin 2.00000000 vs "
                + "torch 1.00000000"), m);
    }

    @Test
    void aMissingGradientWrongShapeOrUnknownOpIsCaught() {
        assertEquals("golden case 'add' (synthetic): no gradient reached input 'y'",
                failure((c, in) -> in.get("x").add(in.get("y").detach())));
        assertEquals("golden case 'add' (synthetic): output has shape [1, 3], PyTorch gives [3]",
                failure((c, in) -> in.get("x").add(in.get("y")).unsqueeze(0)));
        var e = assertThrows(AssertionError.class, () -> GoldenCheck.run(ADD, Map.of()));
        assertEquals("golden case 'add' (synthetic): no Myelin op is registered for 'add' (known: [])", e.getMessage());
    }
}
