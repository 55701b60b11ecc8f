package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MyelinInfoTest {
    @Test
    void infoNamesVersionsIsaThreadsAndLibraryPaths() {
        String info = Myelin.info();
        assertTrue(info.startsWith("Myelin 0.1.0"), info);
        assertTrue(info.contains("OpenBLAS: OpenBLAS 0.3.31"), info);
        assertTrue(info.matches("(?s).*oneDNN: 3\\.11\\.\\d+, CPU ISA: \\w+.*"), info);
        assertTrue(info.contains("threads: " + Myelin.threads()), info);
        assertTrue(info.matches("(?s).*libdnnl\\.so\\.3 +dnnl +/\\S+/libdnnl\\.so\\.3 .*"), info);
    }
}
