package dev.myelin.backend.dnnl;

/** A oneDNN call failed; the message names the call, the shapes involved and oneDNN's status. */
public final class DnnlException extends RuntimeException {
    public DnnlException(String message) {
        super(message);
    }
}
