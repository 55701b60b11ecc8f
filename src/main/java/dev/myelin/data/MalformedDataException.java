package dev.myelin.data;

import java.io.IOException;

/**
 * A data file that cannot be read as what it claims to be. The message names the file, where the
 * problem is ({@code line 7} for text, {@code byte offset 16} for binary formats) and what was wrong.
 */
public final class MalformedDataException extends IOException {
    private final String file;
    private final String location;

    public MalformedDataException(String file, String location, String problem) {
        super(file + " " + location + ": " + problem);
        this.file = file;
        this.location = location;
    }

    public MalformedDataException(String file, String location, String problem, Throwable cause) {
        this(file, location, problem);
        initCause(cause);
    }

    /** The file (or class-path resource) that was being read. */
    public String file() {
        return file;
    }

    /** Where in the file: {@code "line 7"} or {@code "byte offset 16"}. */
    public String location() {
        return location;
    }
}
