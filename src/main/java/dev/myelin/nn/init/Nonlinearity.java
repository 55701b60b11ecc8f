package dev.myelin.nn.init;

/** The non-linearities {@link Init#calculateGain} knows, as in {@code torch.nn.init.calculate_gain}. */
public enum Nonlinearity {
    LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU, LEAKY_RELU, SELU;

    /** PyTorch's default negative slope for {@link #LEAKY_RELU} when none is given. */
    public static final float DEFAULT_LEAKY_SLOPE = 0.01f;
}
