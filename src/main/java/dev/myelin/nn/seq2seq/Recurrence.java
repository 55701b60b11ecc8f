package dev.myelin.nn.seq2seq;

import dev.myelin.nn.GRUCell;
import dev.myelin.nn.LSTMCell;
import dev.myelin.nn.Module;
import dev.myelin.nn.RNNCellBase;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;

/** An LSTM or GRU cell behind one step function, so encoders and decoders work with either. */
public final class Recurrence extends Module {
    /** The cell type. */
    public enum Kind { LSTM, GRU }

    private final Kind kind;
    private final RNNCellBase cell;

    public Recurrence(Kind kind, int inputSize, int hiddenSize, long seed) {
        this.kind = kind;
        this.cell = module("cell", kind == Kind.LSTM ? new LSTMCell(inputSize, hiddenSize, true, seed)
                : new GRUCell(inputSize, hiddenSize, true, seed));
    }

    /** One step; {@code state} null means zeros. */
    public RecurrentState step(Tensor x, RecurrentState state) {
        if (kind == Kind.LSTM) {
            LSTMCell.State s = ((LSTMCell) cell).forward(x, state == null ? null : new LSTMCell.State(state.h(), state.c()));
            return new RecurrentState(s.h(), s.c());
        }
        return new RecurrentState(((GRUCell) cell).forward(x, state == null ? null : state.h()), null);
    }

    /** Row-wise choice: {@code keep} where {@code mask [N, 1]} is 1, {@code next} where it is 0 (padded steps keep their state). */
    static RecurrentState where(Tensor mask, RecurrentState keep, RecurrentState next) {
        return new RecurrentState(Ops.where(mask, keep.h(), next.h()),
                next.c() == null ? null : Ops.where(mask, keep.c(), next.c()));
    }

    /** The new hidden state after one step from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return step(x, null).h();
    }

    public Kind kind() {
        return kind;
    }

    public int hiddenSize() {
        return cell.hiddenSize();
    }

    public int inputSize() {
        return cell.inputSize();
    }
}
