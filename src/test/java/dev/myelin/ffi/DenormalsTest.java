package dev.myelin.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class DenormalsTest {
    @Test
    void nativeCallsFlushDenormalsAndJavaKeepsThem() {
        try (Arena arena = Arena.ofConfined()) {
            assertFalse(Denormals.isFlushing(), "Java threads start with IEEE denormals");
            MemorySegment saved = Denormals.flush(arena);
            assertTrue(Denormals.isFlushing());
            Denormals.restore(saved);
            assertFalse(Denormals.isFlushing(), "the caller's register is restored");
        }
        try (Scope s = Scope.open("denormals")) {
            float tiny = 1e-40f; // a denormal
            Tensor x = Tensor.full(tiny, 4, 1024); // large enough to run on oneDNN
            float[] y = Eltwise.relu(x).toFloatArray();
            assertEquals(0f, y[0], "oneDNN ran with denormals flushed to zero");
        }
        assertFalse(Denormals.isFlushing(), "not left on after a primitive");
        float javaTiny = Float.MIN_NORMAL / Float.parseFloat("4"); // not a constant: computed at run time
        assertEquals(Float.MIN_NORMAL / 2, javaTiny * 2, "Java arithmetic still has denormals");
    }
}
