package dev.myelin.nn.init;

/**
 * Which fan scales a Kaiming initialisation: {@link #FAN_IN} keeps the variance of the forward
 * activations, {@link #FAN_OUT} that of the backward gradients.
 */
public enum FanMode {
    FAN_IN, FAN_OUT
}
