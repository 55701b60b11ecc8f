package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * The LeNet-style network of benchmark workload W2 for 28x28 grey-scale images (MNIST, Fashion-MNIST):
 * <pre>
 *   [N, 1, 28, 28] -> conv 5x5 32ch pad 2 + ReLU -> maxpool 2x2 -> [N, 32, 14, 14]
 *                  -> conv 5x5 64ch pad 2 + ReLU -> maxpool 2x2 -> [N, 64, 7, 7]
 *                  -> flatten 3136 -> linear 128 + ReLU -> dropout 0.5 -> linear 10 (logits)
 * </pre>
 */
public final class LeNet extends Module {
    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    private final Conv2d conv1;
    private final MaxPool2d pool1;
    private final Conv2d conv2;
    private final MaxPool2d pool2;
    private final Flatten flatten;
    private final Linear fc1;
    private final Dropout dropout;
    private final Linear fc2;

    /** A network whose initial weights and dropout masks depend only on {@code seed}. */
    public LeNet(long seed) {
        this.conv1 = module("conv1", new Conv2d(1, 32, 5, 1, 2, 1, 1, true, seed));
        this.pool1 = module("pool1", new MaxPool2d(2));
        this.conv2 = module("conv2", new Conv2d(32, 64, 5, 1, 2, 1, 1, true, seed + 1));
        this.pool2 = module("pool2", new MaxPool2d(2));
        this.flatten = module("flatten", new Flatten());
        this.fc1 = module("fc1", new Linear(64 * 7 * 7, 128, true, seed + 2));
        this.dropout = module("dropout", new Dropout(0.5f, seed + 3));
        this.fc2 = module("fc2", new Linear(128, CLASSES, true, seed + 4));
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        int[] s = x.shape();
        if (s.length != 4 || s[1] != 1 || s[2] != SIDE || s[3] != SIDE) {
            throw new IllegalArgumentException(label() + ": expected input [N, 1, 28, 28], got " + Shapes.str(s));
        }
        Tensor y = pool1.forward(Activations.relu(conv1.forward(x)));
        y = pool2.forward(Activations.relu(conv2.forward(y)));
        y = Activations.relu(fc1.forward(flatten.forward(y)));
        return fc2.forward(dropout.forward(y));
    }
}
