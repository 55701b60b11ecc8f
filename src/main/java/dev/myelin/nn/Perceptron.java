package dev.myelin.nn;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Activations;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * Rosenblatt's perceptron: a single threshold unit {@code y_hat = 1 if w.x + b > 0 else 0}, trained
 * by the perceptron learning rule rather than by gradients: for each example in turn,
 * {@code w <- w + eta (y - y_hat) x} and {@code b <- b + eta (y - y_hat)}.
 *
 * <p>The rule converges to zero errors when the two classes are linearly separable (AND, OR) and
 * never does otherwise (XOR). Parameters: {@code weight [in]}, {@code bias [1]}, both starting at zero.
 */
public final class Perceptron extends Module {
    private final int inFeatures;
    private final float learningRate;
    private final Tensor weight;
    private final Tensor bias;

    public Perceptron(int inFeatures) {
        this(inFeatures, 1f);
    }

    public Perceptron(int inFeatures, float learningRate) {
        if (inFeatures <= 0) {
            throw new IllegalArgumentException("Perceptron: in_features must be positive, got " + inFeatures);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Invalid learning rate: " + learningRate);
        }
        this.inFeatures = inFeatures;
        this.learningRate = learningRate;
        this.weight = param("weight", inFeatures);
        this.bias = param("bias", 1);
    }

    /** The predicted class, 0 or 1, for each row of {@code x [N, in]} (or one example {@code [in]}). */
    @Override
    public Tensor forward(Tensor x) {
        return predict(x);
    }

    /** 1 where {@code w.x + b > 0}, else 0: shape {@code [N]} for {@code x [N, in]}, a scalar for {@code [in]}. */
    public Tensor predict(Tensor x) {
        requireLastDim(x, inFeatures, "in_features");
        try (var off = GradMode.noGrad()) {
            return Activations.step(x.matmul(weight).add(bias.reshape()));
        }
    }

    /**
     * Runs the perceptron rule over the rows of {@code x [N, in]} in order, for at most {@code epochs}
     * passes, stopping after the first pass without a mistake (nothing changes after it).
     *
     * @param y the class of each row, 0 or 1, shape {@code [N]}
     * @return the number of misclassified examples in each pass made (the last is 0 if it converged)
     */
    public int[] fit(Tensor x, Tensor y, int epochs) {
        float[] targets = checkTrainingData(x, y, epochs);
        int[] errors = new int[epochs];
        try (var off = GradMode.noGrad()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                errors[epoch] = trainOneEpoch(x, targets);
                if (errors[epoch] == 0) {
                    return Arrays.copyOf(errors, epoch + 1);
                }
            }
        }
        return errors;
    }

    private int trainOneEpoch(Tensor x, float[] targets) {
        int mistakes = 0;
        try (Scope epoch = Scope.open("perceptron epoch")) { // frees the per-example temporaries
            for (int i = 0; i < targets.length; i++) {
                Tensor xi = x.select(0, i);
                float error = targets[i] - predict(xi).item();
                if (error != 0) {
                    mistakes++;
                    Kernels.axpyInPlace(weight, learningRate * error, xi);
                    bias.setFloat(bias.getFloat(0) + learningRate * error, 0);
                }
            }
        }
        return mistakes;
    }

    private float[] checkTrainingData(Tensor x, Tensor y, int epochs) {
        requireLastDim(x, inFeatures, "in_features");
        if (x.dim() != 2 || y.dim() != 1 || y.size(0) != x.size(0) || y.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": fit expects x [N, " + inFeatures + "] and float32 y [N], got x "
                    + Shapes.str(x.shape()) + " and y " + Shapes.str(y.shape()) + " " + y.dtype());
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException(label() + ": epochs must be positive, got " + epochs);
        }
        float[] targets = y.toFloatArray();
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != 0 && targets[i] != 1) {
                throw new IllegalArgumentException(label() + ": target y[" + i + "] = " + targets[i] + " is not 0 or 1");
            }
        }
        return targets;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", lr=" + learningRate;
    }
}
