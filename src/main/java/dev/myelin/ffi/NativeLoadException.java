package dev.myelin.ffi;

/** A native library could not be found, unpacked, verified or loaded; the message says what to do. */
public final class NativeLoadException extends RuntimeException {
    public NativeLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public NativeLoadException(String message) {
        super(message);
    }
}
