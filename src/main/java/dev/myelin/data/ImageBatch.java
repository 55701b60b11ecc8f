package dev.myelin.data;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * A mini-batch of images as one plain float array, {@code [count, C, H, W]} row-major, which
 * {@link Augmentation}s change in place. Plain arrays (not tensors) because augmentation runs on the
 * loader's worker thread, where tensors of the training thread's scope must not be touched.
 */
public record ImageBatch(float[] data, int count, ImageShape shape) {
    public ImageBatch {
        if (count < 0 || data.length != (long) count * shape.size()) {
            throw new IllegalArgumentException("ImageBatch: " + data.length + " values do not fill " + count + " images of "
                    + shape);
        }
    }

    /** Copies a float32 tensor {@code [N, C, H, W]} or {@code [N, H, W]} into a batch. */
    public static ImageBatch of(Tensor images) {
        int[] s = images.shape();
        if (images.dtype() != DType.FLOAT32 || (s.length != 4 && s.length != 3)) {
            throw new IllegalArgumentException("ImageBatch: expected float32 images [N, C, H, W] or [N, H, W], got "
                    + images.dtype() + " " + Shapes.str(s));
        }
        ImageShape shape = ImageShape.of(java.util.Arrays.copyOfRange(s, 1, s.length));
        return new ImageBatch(images.detach().toFloatArray(), s[0], shape);
    }

    /** A new tensor {@code [count, C, H, W]} in the current scope. */
    public Tensor toTensor() {
        return Tensor.of(data, count, shape.channels(), shape.height(), shape.width());
    }

    /** Index into {@link #data()} of image n, channel c, row y, column x. */
    public int at(int n, int c, int y, int x) {
        return ((n * shape.channels() + c) * shape.height() + y) * shape.width() + x;
    }

    /** Index of the first value of image n. */
    public int start(int n) {
        return n * shape.size();
    }
}
