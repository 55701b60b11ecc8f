package dev.myelin.ffi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Finds, unpacks and loads OpenBLAS and oneDNN.
 *
 * <p>By default the libraries come from the class path (the bundled Maven artifacts or the
 * runnable jar): each is copied once into a per-version cache directory, its SHA-256 checked
 * against the pinned value, and loaded with {@link System#load} in dependency order. A damaged
 * cached file is unpacked again. Settings (system property, else environment variable):
 * <ul>
 *   <li>{@code myelin.natives} / {@code MYELIN_NATIVES}: {@code bundled} (default) or
 *       {@code system} to use the machine's own CBLAS and oneDNN;</li>
 *   <li>{@code myelin.blas.library}, {@code myelin.dnnl.library} / {@code MYELIN_BLAS_LIBRARY},
 *       {@code MYELIN_DNNL_LIBRARY}: an absolute path to one library (e.g. an MKL or BLIS CBLAS),
 *       which then replaces that component whatever the mode;</li>
 *   <li>{@code myelin.cache.dir} / {@code MYELIN_CACHE_DIR}: where bundled libraries are unpacked
 *       (default {@code ~/.cache/myelin/natives}).</li>
 * </ul>
 */
public final class NativeLibraries {
    /** One library as loaded: where it came from and how. */
    public record Loaded(String soname, String component, Path path, String how) {}

    record Entry(String soname, String component, String resource, String sha256) {}

    private static final List<String> SYSTEM_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
            "/usr/local/lib", "/lib/x86_64-linux-gnu", "/opt/OpenBLAS/lib", "/opt/intel/oneapi/mkl/latest/lib");
    private static final List<String> SYSTEM_BLAS = List.of("libopenblas.so.0", "libopenblas.so", "libmkl_rt.so.2",
            "libmkl_rt.so", "libblis.so.4", "libblis.so", "libcblas.so.3", "libblas.so.3");
    private static final List<String> SYSTEM_DNNL = List.of("libdnnl.so.3", "libdnnl.so");

    private static volatile List<Loaded> loaded;

    private NativeLibraries() {}

    /** Loads everything once; later calls return at once. Throws {@link NativeLoadException} with a fix. */
    public static List<Loaded> ensureLoaded() {
        List<Loaded> l = loaded;
        if (l == null) {
            synchronized (NativeLibraries.class) {
                if (loaded == null) {
                    ThreadSettings.applyBeforeLoad();
                    loaded = List.copyOf(load(platform(), NativeLibraries.class.getClassLoader()));
                    ThreadSettings.applyAfterLoad();
                }
                l = loaded;
            }
        }
        return l;
    }

    public static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "macosx" : os.contains("win") ? "windows" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "arm64" : arch;
        return o + "-" + a;
    }

    static List<Loaded> load(String platform, ClassLoader resources) {
        String mode = setting("myelin.natives", "MYELIN_NATIVES", "bundled");
        if (!mode.equals("bundled") && !mode.equals("system")) {
            throw new NativeLoadException("myelin.natives is '" + mode + "'; expected 'bundled' or 'system'");
        }
        String blasPath = setting("myelin.blas.library", "MYELIN_BLAS_LIBRARY", null);
        String dnnlPath = setting("myelin.dnnl.library", "MYELIN_DNNL_LIBRARY", null);
        List<Loaded> out = new ArrayList<>();
        List<Entry> entries = mode.equals("bundled") || blasPath == null || dnnlPath == null
                ? manifest(platform, resources, mode.equals("bundled")) : List.of();
        for (String component : List.of("blas", "dnnl")) {
            String explicit = component.equals("blas") ? blasPath : dnnlPath;
            if (explicit != null) {
                out.add(loadFile(component, Path.of(explicit), "explicit path"));
            } else if (mode.equals("system")) {
                out.add(loadFile(component, findSystem(component), "system"));
            } else {
                Path dir = cacheDir(platform, entries);
                for (Entry e : entries) {
                    if (e.component().equals(component)) {
                        String how = unpack(e, dir, resources);
                        out.add(loadFile(component, dir.resolve(e.soname()), how));
                    }
                }
            }
        }
        return out;
    }

    static List<Entry> manifest(String platform, ClassLoader resources, boolean required) {
        String name = "dev/myelin/ffi/" + platform + ".natives";
        InputStream in = resources.getResourceAsStream(name);
        if (in == null) {
            if (!required) {
                return List.of();
            }
            throw new NativeLoadException("Myelin bundles no native libraries for " + platform
                    + " (only linux-x86_64). Install OpenBLAS and oneDNN and run with -Dmyelin.natives=system,"
                    + " or point -Dmyelin.blas.library and -Dmyelin.dnnl.library at them.");
        }
        List<Entry> entries = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f.length != 4) {
                    throw new NativeLoadException("malformed line in " + name + ": '" + line + "'");
                }
                entries.add(new Entry(f[0], f[1], f[2], f[3]));
            }
        } catch (IOException e) {
            throw new NativeLoadException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** The cache directory for exactly this set of libraries, so two versions never share files. */
    static Path cacheDir(String platform, List<Entry> entries) {
        String base = setting("myelin.cache.dir", "MYELIN_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".cache", "myelin", "natives").toString());
        MessageDigest md = sha256();
        entries.forEach(e -> md.update(e.sha256().getBytes(StandardCharsets.US_ASCII)));
        String id = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        return Path.of(base, platform + "-" + id);
    }

    /**
     * Makes sure {@code dir/soname} holds the pinned bytes: reuses a verified copy, otherwise copies
     * the class-path resource through a temporary file and renames it into place.
     */
    static String unpack(Entry e, Path dir, ClassLoader resources) {
        Path target = dir.resolve(e.soname());
        Path stamp = dir.resolve(e.soname() + ".verified");
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(target)) {
                String mark = stampOf(target, e.sha256());
                if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(mark)) {
                    return "cached";
                }
                if (hashFile(target).equals(e.sha256())) {
                    Files.writeString(stamp, mark);
                    return "cached, verified";
                }
            }
            InputStream in = resources.getResourceAsStream(e.resource());
            if (in == null) {
                throw new NativeLoadException("native library " + e.soname() + " is not on the class path (resource "
                        + e.resource() + "). Add the dependency " + artifactHint(e.component())
                        + " or use the runnable jar from 'make jar'; or run with -Dmyelin.natives=system.");
            }
            Path tmp = Files.createTempFile(dir, e.soname(), ".tmp");
            String got;
            try (var din = new DigestInputStream(in, sha256()); OutputStream out = Files.newOutputStream(tmp)) {
                din.transferTo(out);
                got = HexFormat.of().formatHex(din.getMessageDigest().digest());
            }
            if (!got.equals(e.sha256())) {
                Files.deleteIfExists(tmp);
                throw new NativeLoadException("class-path resource " + e.resource() + " has SHA-256 " + got
                        + " but Myelin pins " + e.sha256() + ": another version of " + artifactHint(e.component())
                        + " is on the class path. Use the version in Myelin's pom.");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(stamp, stampOf(target, e.sha256()));
            return "unpacked";
        } catch (IOException ex) {
            throw new NativeLoadException("cannot unpack " + e.soname() + " into " + dir + ": " + ex
                    + ". Set -Dmyelin.cache.dir (or MYELIN_CACHE_DIR) to a writable directory.", ex);
        }
    }

    private static String stampOf(Path file, String sha) throws IOException {
        return sha + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }

    static String hashFile(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static Loaded loadFile(String component, Path path, String how) {
        try {
            System.load(path.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError err) {
            String why = String.valueOf(err.getMessage());
            String fix = why.contains("libstdc++") ? "install the C++ runtime (Debian/Ubuntu: apt-get install libstdc++6)"
                    : why.contains("No such file") ? "check the path, or drop the override to use the bundled library"
                    : "check that the file is a " + platform() + " shared library; run with -Xlog:library=info for details";
            throw new NativeLoadException("cannot load " + component + " library " + path + " (" + how + "): " + why
                    + ". Fix: " + fix + ".", err);
        }
        return new Loaded(path.getFileName().toString(), component, path.toAbsolutePath(), how);
    }

    private static Path findSystem(String component) {
        List<String> dirs = new ArrayList<>();
        for (String var : List.of(String.valueOf(System.getenv("LD_LIBRARY_PATH")), System.getProperty("java.library.path"))) {
            for (String d : var.split(":")) {
                if (!d.isBlank() && !d.equals("null")) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(SYSTEM_DIRS);
        return findSystem(component, dirs);
    }

    static Path findSystem(String component, List<String> dirs) {
        List<String> names = component.equals("blas") ? SYSTEM_BLAS : SYSTEM_DNNL;
        for (String d : dirs) {
            for (String n : names) {
                Path p = Path.of(d, n);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        String prop = component.equals("blas") ? "myelin.blas.library" : "myelin.dnnl.library";
        throw new NativeLoadException("-Dmyelin.natives=system: no " + component + " library (" + String.join(", ", names)
                + ") in " + dirs + ". Install one (e.g. apt-get install " + (component.equals("blas") ? "libopenblas0" : "libdnnl3")
                + "), set -D" + prop + "=/path/to/lib, or drop myelin.natives to use the bundled libraries.");
    }

    private static String artifactHint(String component) {
        return component.equals("blas") ? "org.bytedeco:openblas (classifier linux-x86_64)"
                : "org.bytedeco:dnnl (classifier linux-x86_64)";
    }

    static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
