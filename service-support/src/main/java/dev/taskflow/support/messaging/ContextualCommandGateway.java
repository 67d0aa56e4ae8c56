package dev.taskflow.support.messaging;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.web.RequestContext;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The web layer's way to the aggregates: sends a command with the request context as metadata, so
 * every event it causes (and so every Kafka envelope) carries correlationId, trace, user and
 * organization. Waits for the handler; what it throws leaves through the service's
 * {@link CommandFailureTranslator}.
 */
public class ContextualCommandGateway {

    private final CommandGateway commandGateway;
    private final CommandFailureTranslator translator;

    ContextualCommandGateway(CommandGateway commandGateway, CommandFailureTranslator translator) {
        this.commandGateway = commandGateway;
        this.translator = translator;
    }

    /** Sends {@code command} for the organization the request names (X-Organization-Id). */
    public void send(Object command, RequestContext context) {
        send(command, context, context.organizationId());
    }

    /** Sends {@code command} for {@code organizationId}, whatever organization the request names. */
    public void send(Object command, RequestContext context, String organizationId) {
        Map<String, Object> metaData = new HashMap<>();
        put(metaData, MetadataKeys.CORRELATION_ID, context.correlationId());
        put(metaData, MetadataKeys.TRACE_ID, context.traceId());
        put(metaData, MetadataKeys.TRACEPARENT, context.traceparent());
        put(metaData, MetadataKeys.USER_ID, context.userId());
        put(metaData, MetadataKeys.ORGANIZATION_ID, organizationId);
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            // the wrapper is Axon's, not the handler's: a runtime refusal inside it is what the translator knows
            throw translator.translate(e.getCause() instanceof RuntimeException cause ? cause : e, organizationId);
        } catch (RuntimeException e) {
            throw translator.translate(e, organizationId);
        }
    }

    private static void put(Map<String, Object> metaData, String key, String value) {
        if (value != null) {
            metaData.put(key, value);
        }
    }
}
