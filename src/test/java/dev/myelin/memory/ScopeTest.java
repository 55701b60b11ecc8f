package dev.myelin.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.backend.blas.Blas;
import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void useAfterCloseThrowsInsteadOfCrashing() {
        Tensor t;
        Tensor view;
        try (Scope s = Scope.open("step")) {
            t = Tensor.randn(1, 64, 64);
            view = t.t();
        }
        var e = assertThrows(IllegalStateException.class, () -> t.getFloat(0, 0));
        assertTrue(e.getMessage().contains("after its scope 'step' was closed"), e.getMessage());
        assertThrows(IllegalStateException.class, view::toFloatArray);
        long calls = Blas.calls();
        assertThrows(IllegalStateException.class, () -> t.matmul(t));        // never reaches BLAS
        assertThrows(IllegalStateException.class, () -> Eltwise.relu(view)); // nor oneDNN
        assertEquals(calls, Blas.calls());
        assertTrue(t.toString().contains("<freed>"));
    }

    @Test
    void rawSegmentOfAClosedScopeIsDeadToo() {
        java.lang.foreign.MemorySegment seg;
        try (Scope s = Scope.open()) {
            seg = Tensor.zeros(8).data();
        }
        assertThrows(IllegalStateException.class, () -> seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, 0));
    }

    @Test
    void keepMovesATensorToTheEnclosingScope() {
        try (Scope outer = Scope.open("outer")) {
            Tensor kept;
            Tensor dropped;
            try (Scope inner = Scope.open("inner")) {
                assertSame(inner, Scope.current());
                kept = inner.keep(Tensor.arange(4));
                dropped = Tensor.arange(4);
                assertSame(outer, kept.storage().owner());
            }
            assertSame(outer, Scope.current());
            assertArrayEquals(new float[] {0, 1, 2, 3}, kept.toFloatArray());
            assertThrows(IllegalStateException.class, dropped::toFloatArray);
        }
        assertNull(Scope.current());
    }

    @Test
    void keepFromTheOutermostScopeHandsTheTensorToTheGarbageCollector() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = s.keep(Tensor.arange(3));
        }
        assertNull(t.storage().owner());
        assertArrayEquals(new float[] {0, 1, 2}, t.toFloatArray());
    }

    @Test
    void aBlockAdoptedBackIntoItsScopeGoesBackToThePoolOnce() {
        int n = 12_345; // a size class no other test here uses
        try (Scope outer = Scope.open("outer")) {
            Tensor t = Tensor.zeros(n);
            try (Scope inner = Scope.open("inner")) {
                inner.adopt(t);
                inner.keep(t); // back to outer, which now lists the block twice
            }
            assertEquals(BlockPool.classSize(BlockPool.sizeClass(t.storage().byteSize())), outer.ownedBytes(), "counted once");
        }
        try (Scope next = Scope.open()) {
            assertNotEquals(Tensor.zeros(n).data().address(), Tensor.zeros(n).data().address(),
                    "one block handed out twice: it was released twice");
        }
    }

    @Test
    void aTensorBackWithTheGarbageCollectorIsNotFreedByItsEarlierBinding() throws InterruptedException {
        int n = 23_456;
        Tensor t = Tensor.zeros(n); // outside any scope: the garbage collector's (first binding)
        WeakReference<MemorySegment.Scope> first = new WeakReference<>(t.data().scope());
        try (Scope s = Scope.open()) {
            s.adopt(t);
            s.keep(t); // the garbage collector's again (second binding); the first one is now garbage
        }
        for (int i = 0; i < 500 && first.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(first.get(), "the first binding was never collected; the test proves nothing");
        for (int i = 0; i < 5; i++) { // and give the cleaner thread time to run its action
            System.gc();
            Thread.sleep(20);
        }
        long address = t.data().address();
        try (Scope next = Scope.open()) {
            for (int i = 0; i < 3; i++) {
                assertNotEquals(address, Tensor.zeros(n).data().address(), "a live tensor's block went back to the pool");
            }
        }
        assertEquals(0f, t.getFloat(n - 1));
    }

    @Test
    void sharedScopeAdoptsAndIsUsableFromOtherThreads() throws Exception {
        try (Scope model = Scope.shared("model")) {
            Tensor w;
            try (Scope s = Scope.open()) {
                w = model.adopt(Tensor.full(2f, 4, 4));
            }
            var pool = Executors.newSingleThreadExecutor();
            try {
                float v = pool.submit(() -> {
                    try (Scope s = Scope.open("worker")) {
                        return w.matmul(w).getFloat(0, 0);
                    }
                }).get();
                assertEquals(16f, v);
            } finally {
                pool.shutdown();
            }
            assertEquals(256, model.ownedBytes(), "one 64-byte tensor in the smallest (256-byte) block");
        }
    }

    @Test
    void scopesMustCloseInnermostFirst() {
        Scope outer = Scope.open("outer");
        Scope inner = Scope.open("inner");
        var e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost open scope here is 'inner'"), e.getMessage());
        inner.close();
        outer.close();
        outer.close(); // closing twice is harmless
    }

    @Test
    void sizeClassesCoverEveryRequestWithLessThanAQuarterWasted() {
        for (long bytes = 1; bytes < (1L << 24); bytes = bytes * 3 / 2 + 1) {
            int cls = BlockPool.sizeClass(bytes);
            long size = BlockPool.classSize(cls);
            assertTrue(size >= bytes, bytes + " -> " + size);
            assertTrue(bytes <= 256 || size <= bytes * 1.25 + 1, bytes + " -> " + size);
            assertEquals(cls, BlockPool.sizeClass(size));
        }
    }

    @Test
    void aHundredThousandScopedStepsDoNotGrowNativeMemory() {
        Tensor w = Tensor.randn(1, 16, 16);
        Runnable step = () -> {
            try (Scope s = Scope.open("step")) {
                Tensor x = Tensor.randn(2, 8, 16);
                Tensor y = x.matmul(w).t().contiguous();
                Tensor z = Tensor.zeros(3, 5).reshape(15);
                assertEquals(128, y.numel() + z.numel() - 15);
            }
        };
        for (int i = 0; i < 1000; i++) {
            step.run();
        }
        long bytes = NativeHeap.liveBytes();
        long allocations = NativeHeap.totalAllocations();
        for (int i = 0; i < 100_000; i++) {
            step.run();
        }
        assertEquals(bytes, NativeHeap.liveBytes(), "native bytes after 100k steps");
        assertEquals(allocations, NativeHeap.totalAllocations(), "the pool served every allocation");
        assertTrue(Scope.debugDump().startsWith("native heap: "));
    }
}
