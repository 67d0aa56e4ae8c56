package dev.taskflow.organization.web;

import dev.taskflow.organization.domain.OrganizationRuleException;
import dev.taskflow.support.messaging.CommandFailureTranslator;
import dev.taskflow.support.web.ApiProblem;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The aggregate's refusals (it decides who may do what) as problem responses; anything else passes unchanged. */
@Component
class CommandFailures implements CommandFailureTranslator {

    @Override
    public RuntimeException translate(RuntimeException failure, String organizationId) {
        if (failure instanceof OrganizationRuleException.PermissionDenied) {
            return ApiProblem.forbidden(failure.getMessage());
        }
        if (failure instanceof OrganizationRuleException.MemberNotFound) {
            return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", failure.getMessage());
        }
        if (failure instanceof OrganizationRuleException.LastOwner) {
            return new ApiProblem(HttpStatus.CONFLICT, "Conflict", failure.getMessage());
        }
        if (failure instanceof AggregateNotFoundException) {
            // the same answer as for somebody else's organization: an outsider must not learn which ids exist
            return ApiProblem.forbidden("Not a member of organization " + organizationId);
        }
        if (failure instanceof ConcurrencyException) {
            return new ApiProblem(HttpStatus.CONFLICT, "Concurrent change",
                    "Organization " + organizationId + " was changed concurrently; retry the request");
        }
        if (failure instanceof IllegalArgumentException) {
            return ApiProblem.badRequest(failure.getMessage());
        }
        return failure;
    }
}
