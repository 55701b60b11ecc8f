package dev.myelin;

import dev.myelin.backend.blas.Blas;
import dev.myelin.backend.dnnl.OneDnn;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Library-wide facts and settings: versions, native libraries, threads. */
public final class Myelin {
    private static final Properties BUILD = load();

    private Myelin() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Myelin.class.getResourceAsStream("myelin.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // versions then read "unknown"
        }
        return p;
    }

    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    /** Threads used by OpenBLAS and oneDNN together (see {@link ThreadSettings}). */
    public static int threads() {
        NativeLibraries.ensureLoaded();
        return ThreadSettings.threads();
    }

    public static void setThreads(int n) {
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(n);
    }

    /** A multi-line report of versions, CPU, threads and where each native library was loaded from. */
    public static String info() {
        StringBuilder sb = new StringBuilder();
        sb.append("Myelin ").append(version()).append(" on Java ").append(Runtime.version()).append(", ")
                .append(NativeLibraries.platform()).append('\n');
        var libs = NativeLibraries.ensureLoaded();
        sb.append("OpenBLAS: ").append(Blas.config()).append(" (kernels: ").append(Blas.coreName()).append(")\n");
        sb.append("oneDNN: ").append(OneDnn.version()).append(", CPU ISA: ").append(OneDnn.cpuIsa()).append('\n');
        sb.append("threads: ").append(ThreadSettings.threads()).append(" (OpenBLAS and oneDNN/OpenMP; set with -Dmyelin.threads or MYELIN_NUM_THREADS)\n");
        sb.append("native libraries:\n");
        for (var l : libs) {
            sb.append(String.format("  %-17s %-5s %s (%s)%n", l.soname(), l.component(), l.path(), l.how()));
        }
        return sb.toString();
    }
}
