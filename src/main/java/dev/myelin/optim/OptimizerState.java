package dev.myelin.optim;

import dev.myelin.tensor.Tensor;
import java.util.LinkedHashMap;

/**
 * A snapshot of an optimizer, shaped like a safetensors file: state buffers as tensors under
 * {@code "<group>.<param>.<name>"} (e.g. {@code "0.3.exp_avg"}), and exact text metadata for
 * everything else: {@code "<group>.<param>.step"} (the update count) and {@code "<group>.<name>"}
 * for each hyper-parameter (e.g. {@code "1.lr" -> "1.0E-4"}, {@code "0.amsgrad" -> "true"}).
 * Parameters are numbered within their group, in the order the group lists them.
 */
public record OptimizerState(LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, String> metadata) {}
