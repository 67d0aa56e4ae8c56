package dev.taskflow.billing.web;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The web layer's only way to the aggregate: sends a command with the request context as metadata,
 * so the resulting event (and its Kafka envelope) carries correlationId, trace and user.
 */
@Component
class CommandSender {

    private final CommandGateway commandGateway;

    CommandSender(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    void send(Object command, RequestContext context, String organizationId) {
        Map<String, Object> metaData = new HashMap<>();
        put(metaData, MetadataKeys.CORRELATION_ID, context.correlationId());
        put(metaData, MetadataKeys.TRACE_ID, context.traceId());
        put(metaData, MetadataKeys.TRACEPARENT, context.traceparent());
        put(metaData, MetadataKeys.USER_ID, context.userId());
        put(metaData, MetadataKeys.ORGANIZATION_ID, organizationId);
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            throw translate(e.getCause() instanceof RuntimeException cause ? cause : e, organizationId);
        } catch (RuntimeException e) {
            throw translate(e, organizationId);
        }
    }

    private static RuntimeException translate(RuntimeException e, String organizationId) {
        if (e instanceof ConcurrencyException) {
            return new ApiProblem(HttpStatus.CONFLICT, "Concurrent change",
                    "The subscription of organization " + organizationId + " was changed concurrently; retry the request");
        }
        if (e instanceof IllegalArgumentException) {
            return ApiProblem.badRequest(e.getMessage());
        }
        return e;
    }

    private static void put(Map<String, Object> metaData, String key, String value) {
        if (value != null) {
            metaData.put(key, value);
        }
    }
}
