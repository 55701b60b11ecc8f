package dev.myelin.data;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A random change to a mini-batch of images, made in place. Every random draw comes from the given
 * generator, so a {@link DataLoader} that seeds it per (seed, epoch, batch) makes augmented training
 * reproducible. Compose with {@link #then}; a loader applies its augmentation to training batches only
 * (build the validation loader without one).
 */
@FunctionalInterface
public interface Augmentation {
    void apply(ImageBatch images, SplittableRandom random);

    /** This augmentation, then {@code next}, drawing from the same generator. */
    default Augmentation then(Augmentation next) {
        return (images, random) -> {
            apply(images, random);
            next.apply(images, random);
        };
    }

    /** The steps in order; no steps is the identity. */
    static Augmentation compose(Augmentation... steps) {
        Augmentation all = (images, random) -> { };
        for (Augmentation s : steps) {
            all = all.then(s);
        }
        return all;
    }

    /** Applies to a copy of a float32 tensor {@code [N, C, H, W]} or {@code [N, H, W]}; the result (same shape) is in the current scope. */
    default Tensor apply(Tensor images, long seed) {
        ImageBatch batch = ImageBatch.of(images);
        apply(batch, new SplittableRandom(seed));
        return Tensor.of(batch.data(), images.shape());
    }
}
