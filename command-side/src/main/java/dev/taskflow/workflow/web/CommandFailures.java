package dev.taskflow.workflow.web;

import dev.taskflow.support.messaging.CommandFailureTranslator;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.workflow.admission.PlanLimitReachedException;
import dev.taskflow.workflow.admission.UnknownProjectException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The aggregates' admission refusals as problem responses; anything else passes unchanged. */
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
        return failure;
    }
}
