package dev.myelin.io;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Module;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file: the model's parameters and buffers under
 * {@code "model.<path>"} (so {@code model.0.weight}: strip the prefix to get a PyTorch
 * {@code state_dict}), the optimizer's state buffers under {@code "optimizer.<group>.<param>.<name>"}
 * with its step counts and hyper-parameters as {@code "optimizer.*"} metadata, and the caller's own
 * metadata (epoch, validation loss, ...) as given. Saving is atomic: a crash while saving leaves the
 * previous checkpoint intact.
 */
public final class Checkpoint {
    public static final String MODEL = "model.";
    public static final String OPTIMIZER = "optimizer.";

    private Checkpoint() {}

    /** Saves {@code model}, and {@code optimizer} unless it is null, with {@code metadata} (keys must not start with "model." or "optimizer."). */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        for (String key : metadata.keySet()) {
            if (key.startsWith(MODEL) || key.startsWith(OPTIMIZER)) {
                throw new IllegalArgumentException("Checkpoint.save " + file + ": metadata key '" + key
                        + "' is reserved (keys starting with \"" + MODEL + "\" or \"" + OPTIMIZER + "\")");
            }
        }
        try (Scope temporaries = Scope.open("checkpoint save"); var off = GradMode.noGrad()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            model.stateDict().forEach((k, t) -> tensors.put(MODEL + k, t));
            if (optimizer != null) {
                OptimizerState s = optimizer.stateDict();
                s.tensors().forEach((k, t) -> tensors.put(OPTIMIZER + k, t));
                s.metadata().forEach((k, v) -> meta.put(OPTIMIZER + k, v));
            }
            SafeTensors.write(file, tensors, meta);
        }
    }

    /** Saves the model only. */
    public static void save(Path file, Module model, Map<String, String> metadata) throws IOException {
        save(file, model, null, metadata);
    }

    /**
     * Loads the model's state, and the optimizer's unless {@code optimizer} is null, from {@code file};
     * returns the caller's metadata. A file that does not fit (other keys or shapes, no optimizer
     * state when one is asked for) is refused with the file's name, and then neither the model nor
     * the optimizer is changed.
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer) throws IOException {
        try (Scope temporaries = Scope.open("checkpoint load"); var off = GradMode.noGrad()) {
            SafeTensors.Contents c = SafeTensors.read(file);
            LinkedHashMap<String, Tensor> modelState = new LinkedHashMap<>();
            LinkedHashMap<String, Tensor> optimizerTensors = new LinkedHashMap<>();
            LinkedHashMap<String, String> optimizerMeta = new LinkedHashMap<>();
            Map<String, String> userMeta = new LinkedHashMap<>();
            c.tensors().forEach((k, t) -> {
                if (k.startsWith(MODEL)) {
                    modelState.put(k.substring(MODEL.length()), t);
                } else if (k.startsWith(OPTIMIZER)) {
                    optimizerTensors.put(k.substring(OPTIMIZER.length()), t);
                } else {
                    throw new IllegalArgumentException(file + ": tensor '" + k + "' is neither \"model.*\" nor \"optimizer.*\"");
                }
            });
            c.metadata().forEach((k, v) -> {
                if (k.startsWith(OPTIMIZER)) {
                    optimizerMeta.put(k.substring(OPTIMIZER.length()), v);
                } else {
                    userMeta.put(k, v);
                }
            });
            if (optimizer != null && optimizerMeta.isEmpty()) {
                throw new IllegalArgumentException(file + ": holds no optimizer state (it was saved without an optimizer)");
            }
            Map<String, Tensor> before = copyOf(model.stateDict());
            try {
                model.loadStateDict(modelState);
                if (optimizer != null) {
                    optimizer.loadStateDict(new OptimizerState(optimizerTensors, optimizerMeta));
                }
            } catch (IllegalArgumentException e) {
                model.loadStateDict(before); // the optimizer refused: leave the model as it was too
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            return userMeta;
        }
    }

    /** Loads the model's state only, ignoring any optimizer state in the file. */
    public static Map<String, String> load(Path file, Module model) throws IOException {
        return load(file, model, null);
    }

    private static Map<String, Tensor> copyOf(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }
}
