package dev.taskflow.billing.web;

import dev.taskflow.support.messaging.CommandFailureTranslator;
import dev.taskflow.support.web.ApiProblem;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The subscription's refusals as problem responses; anything else passes unchanged. */
@Component
class CommandFailures implements CommandFailureTranslator {

    @Override
    public RuntimeException translate(RuntimeException failure, String organizationId) {
        if (failure instanceof ConcurrencyException) {
            return new ApiProblem(HttpStatus.CONFLICT, "Concurrent change",
                    "The subscription of organization " + organizationId + " was changed concurrently; retry the request");
        }
        if (failure instanceof IllegalArgumentException) {
            return ApiProblem.badRequest(failure.getMessage());
        }
        return failure;
    }
}
