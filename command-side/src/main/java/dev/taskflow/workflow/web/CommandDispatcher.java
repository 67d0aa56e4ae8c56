package dev.taskflow.workflow.web;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import dev.taskflow.workflow.admission.PlanLimitReachedException;
import dev.taskflow.workflow.admission.UnknownProjectException;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the request context as metadata (so every event it causes carries the
 * correlation id, trace and user into the Kafka envelope) and turns the aggregates' refusals into
 * problem responses.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway commands;

    CommandDispatcher(CommandGateway commands) {
        this.commands = commands;
    }

    public void send(Object command, RequestContext context) {
        Map<String, Object> meta = new HashMap<>();
        put(meta, MetadataKeys.CORRELATION_ID, context.correlationId());
        put(meta, MetadataKeys.TRACE_ID, context.traceId());
        put(meta, MetadataKeys.TRACEPARENT, context.traceparent());
        put(meta, MetadataKeys.USER_ID, context.userId());
        put(meta, MetadataKeys.ORGANIZATION_ID, context.organizationId());
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(meta));
        } catch (PlanLimitReachedException e) {
            // 402: the organization has to upgrade its plan; retrying (429's promise) would not help
            throw new ApiProblem(HttpStatus.PAYMENT_REQUIRED, "Plan limit reached", e.getMessage());
        } catch (UnknownProjectException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", "projectId: " + e.getMessage());
        }
    }

    private static void put(Map<String, Object> meta, String key, String value) {
        if (value != null) {
            meta.put(key, value);
        }
    }
}
