package dev.taskflow.support.deadletter;

import dev.taskflow.support.messaging.PoisonRecord;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * The dead-letter sequence of an event: events of one sequence are never applied out of order — while
 * one of them is dead-lettered, the later ones join it in the queue instead of overtaking it. The
 * consumer names the sequence from the payload (e.g. {@code task:<taskId>}); a {@link PoisonRecord} is
 * a sequence of its own ({@code poison:<topic>-<partition>@<offset>}) and so holds nothing back; a
 * payload the consumer gives no sequence is one of its own too ({@code event:<eventId>}).
 */
public final class SequencePerEntity implements SequencingPolicy<EventMessage<?>> {

    private final Function<Object, String> sequenceOf;

    private SequencePerEntity(Function<Object, String> sequenceOf) {
        this.sequenceOf = sequenceOf;
    }

    /** @param sequenceOf the sequence of a payload, {@code null} for none */
    public static SequencePerEntity of(Function<Object, String> sequenceOf) {
        return new SequencePerEntity(sequenceOf);
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof PoisonRecord poison) {
            return "poison:" + poison.coordinates();
        }
        String sequence = sequenceOf.apply(payload);
        return sequence != null ? sequence : "event:" + event.getIdentifier();
    }
}
