package dev.taskflow.workflow.web;

import dev.taskflow.support.messaging.CommandFailureTranslator;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.workflow.admission.NotAMemberException;
import dev.taskflow.workflow.admission.PlanLimitReachedException;
import dev.taskflow.workflow.admission.UnknownProjectException;
import dev.taskflow.workflow.task.InvalidTaskFieldException;
import dev.taskflow.workflow.task.TaskNotFoundException;
import dev.taskflow.workflow.task.TaskStatusConflictException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The aggregates' refusals as problem responses; anything else passes unchanged. */
@Component
class CommandFailures implements CommandFailureTranslator {

    @Override
    public RuntimeException translate(RuntimeException failure, String organizationId) {
        if (failure instanceof PlanLimitReachedException) {
            // 402: the organization has to upgrade its plan; retrying (429's promise) would not help
            return new ApiProblem(HttpStatus.PAYMENT_REQUIRED, "Plan limit reached", failure.getMessage());
        }
        if (failure instanceof UnknownProjectException) {
            return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", "projectId: " + failure.getMessage());
        }
        if (failure instanceof TaskNotFoundException) {
            return taskNotFound(failure.getMessage());
        }
        if (failure instanceof AggregateNotFoundException notFound) {
            // no events under this id at all: the same answer as a task of another organization
            return taskNotFound(new TaskNotFoundException(String.valueOf(notFound.getAggregateIdentifier())).getMessage());
        }
        if (failure instanceof TaskStatusConflictException) {
            return new ApiProblem(HttpStatus.CONFLICT, "Illegal task transition", failure.getMessage());
        }
        if (failure instanceof InvalidTaskFieldException) {
            return ApiProblem.badRequest(failure.getMessage());
        }
        if (failure instanceof NotAMemberException) {
            return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Not a member", failure.getMessage());
        }
        return failure;
    }

    private static ApiProblem taskNotFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail);
    }
}
