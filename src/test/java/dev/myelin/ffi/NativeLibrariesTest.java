package dev.myelin.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {
    private static final ClassLoader LOADER = NativeLibrariesTest.class.getClassLoader();

    @TempDir
    Path cache;

    private static NativeLibraries.Entry smallest() {
        // libquadmath is the smallest bundled library: quick to unpack repeatedly
        return NativeLibraries.manifest("linux-x86_64", LOADER, true).stream()
                .filter(e -> e.soname().startsWith("libquadmath")).findFirst().orElseThrow();
    }

    @Test
    void manifestListsTheLibrariesInDependencyOrder() {
        List<String> names = NativeLibraries.manifest("linux-x86_64", LOADER, true).stream()
                .map(NativeLibraries.Entry::soname).toList();
        assertEquals(List.of("libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0", "libgomp.so.1", "libdnnl.so.3"), names);
    }

    @Test
    void unpacksOnceThenReusesTheVerifiedCopy() throws IOException {
        var e = smallest();
        assertEquals("unpacked", NativeLibraries.unpack(e, cache, LOADER));
        assertEquals(e.sha256(), NativeLibraries.hashFile(cache.resolve(e.soname())));
        assertEquals("cached", NativeLibraries.unpack(e, cache, LOADER));
        Files.setLastModifiedTime(cache.resolve(e.soname()), FileTime.fromMillis(0)); // stamp no longer matches
        assertEquals("cached, verified", NativeLibraries.unpack(e, cache, LOADER));
        assertEquals("cached", NativeLibraries.unpack(e, cache, LOADER));
    }

    @Test
    void aDamagedCachedFileIsUnpackedAgain() throws IOException {
        var e = smallest();
        NativeLibraries.unpack(e, cache, LOADER);
        Path lib = cache.resolve(e.soname());
        byte[] bytes = Files.readAllBytes(lib);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(lib, bytes);
        assertNotEquals(e.sha256(), NativeLibraries.hashFile(lib));
        assertEquals("unpacked", NativeLibraries.unpack(e, cache, LOADER));
        assertEquals(e.sha256(), NativeLibraries.hashFile(lib));
        Files.write(lib, new byte[] {1, 2, 3}); // truncated
        assertEquals("unpacked", NativeLibraries.unpack(e, cache, LOADER));
        assertEquals(e.sha256(), NativeLibraries.hashFile(lib));
    }

    @Test
    void aMissingLibraryIsNamedWithTheFix() {
        var missing = new NativeLibraries.Entry("libmissing.so.1", "blas", "org/example/libmissing.so.1", "00");
        var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.unpack(missing, cache, LOADER));
        assertTrue(ex.getMessage().contains("libmissing.so.1 is not on the class path"), ex.getMessage());
        assertTrue(ex.getMessage().contains("org.bytedeco:openblas"), ex.getMessage());
        assertTrue(ex.getMessage().contains("-Dmyelin.natives=system"), ex.getMessage());
    }

    @Test
    void aClassPathLibraryWithTheWrongChecksumIsRefused() throws IOException {
        var e = smallest();
        var wrong = new NativeLibraries.Entry(e.soname(), e.component(), e.resource(), "ab".repeat(32));
        var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.unpack(wrong, cache, LOADER));
        assertTrue(ex.getMessage().contains("but Myelin pins"), ex.getMessage());
        assertFalse(Files.exists(cache.resolve(e.soname())), "nothing half-written is left behind");
        try (var files = Files.list(cache)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUnsupportedPlatformSaysWhatToDo() {
        var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.manifest("windows-x86_64", LOADER, true));
        assertTrue(ex.getMessage().contains("no native libraries for windows-x86_64"), ex.getMessage());
        assertTrue(ex.getMessage().contains("-Dmyelin.natives=system"), ex.getMessage());
    }

    @Test
    void systemModeReportsWhereItLooked() {
        var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.findSystem("dnnl", List.of(cache.toString())));
        assertTrue(ex.getMessage().contains("no dnnl library (libdnnl.so.3, libdnnl.so) in [" + cache + "]"), ex.getMessage());
        assertTrue(ex.getMessage().contains("-Dmyelin.dnnl.library=/path/to/lib"), ex.getMessage());
    }

    @Test
    void systemModeFindsALibraryInTheGivenDirectories() throws IOException {
        Path lib = Files.createFile(cache.resolve("libopenblas.so.0"));
        assertEquals(lib, NativeLibraries.findSystem("blas", List.of("/nonexistent", cache.toString())));
    }

    @Test
    void aFileThatIsNotALibraryGivesOneActionableError() throws IOException {
        Path bogus = Files.writeString(cache.resolve("libbogus.so"), "not an ELF file");
        var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.loadFile("blas", bogus, "explicit path"));
        assertTrue(ex.getMessage().startsWith("cannot load blas library " + bogus), ex.getMessage());
        assertTrue(ex.getMessage().contains("Fix: "), ex.getMessage());
    }

    @Test
    void explicitPathsOverrideTheBundledLibraries() {
        var loaded = NativeLibraries.ensureLoaded();
        Path blas = loaded.stream().filter(l -> l.soname().equals("libopenblas.so.0")).findFirst().orElseThrow().path();
        Path dnnl = loaded.stream().filter(l -> l.soname().equals("libdnnl.so.3")).findFirst().orElseThrow().path();
        System.setProperty("myelin.natives", "system");
        System.setProperty("myelin.blas.library", blas.toString());
        System.setProperty("myelin.dnnl.library", dnnl.toString());
        try {
            var again = NativeLibraries.load("linux-x86_64", LOADER);
            assertEquals(List.of("explicit path", "explicit path"), again.stream().map(NativeLibraries.Loaded::how).toList());
            assertEquals(List.of(blas, dnnl), again.stream().map(NativeLibraries.Loaded::path).toList());
            System.setProperty("myelin.natives", "bogus");
            var ex = assertThrows(NativeLoadException.class, () -> NativeLibraries.load("linux-x86_64", LOADER));
            assertTrue(ex.getMessage().contains("expected 'bundled' or 'system'"));
        } finally {
            System.clearProperty("myelin.natives");
            System.clearProperty("myelin.blas.library");
            System.clearProperty("myelin.dnnl.library");
        }
    }

    @Test
    void threadCountAppliesToBothPools() {
        NativeLibraries.ensureLoaded();
        int before = ThreadSettings.threads();
        try {
            ThreadSettings.setThreads(1);
            assertEquals(1, ThreadSettings.threads());
            assertEquals(1, dev.myelin.ffi.openblas.OpenBlas.openblas_get_num_threads());
            assertEquals(1, ThreadSettings.openMpThreads());
            ThreadSettings.setThreads(2);
            assertEquals(2, dev.myelin.ffi.openblas.OpenBlas.openblas_get_num_threads());
            assertEquals(2, ThreadSettings.openMpThreads());
            var ex = assertThrows(IllegalArgumentException.class, () -> ThreadSettings.setThreads(0));
            assertEquals("setThreads: thread count must be >= 1, got 0", ex.getMessage());
        } finally {
            ThreadSettings.setThreads(before);
        }
    }

    @Test
    void spinningIsLimitedUnlessTheUserChoseOtherwise() {
        NativeLibraries.ensureLoaded();
        String timeout = System.getenv("OPENBLAS_THREAD_TIMEOUT");
        assertEquals(timeout == null ? "16" : timeout, LibC.getenv("OPENBLAS_THREAD_TIMEOUT"));
        String spin = System.getenv("GOMP_SPINCOUNT");
        assertEquals(spin == null ? "20000" : spin, LibC.getenv("GOMP_SPINCOUNT"));
    }
}
