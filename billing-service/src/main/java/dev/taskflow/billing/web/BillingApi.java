package dev.taskflow.billing.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskflow.api.Plan;
import dev.taskflow.billing.query.EntitlementsView.Entitlements;
import dev.taskflow.support.web.EnumName;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;

/** Request and response bodies of the billing endpoints. */
final class BillingApi {

    private BillingApi() {
    }

    record ChangePlanRequest(@NotBlank @EnumName(Plan.class) String plan) {
    }

    /** Limits are negative when unlimited; {@code updatedAt} is absent while nothing is known (FREE assumed). */
    record EntitlementsResponse(String organizationId, Plan plan, int maxProjects, int maxTasks,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Instant updatedAt) {

        static EntitlementsResponse of(Entitlements entitlements) {
            return new EntitlementsResponse(entitlements.organizationId(), entitlements.plan(),
                    entitlements.maxProjects(), entitlements.maxTasks(), entitlements.updatedAt());
        }
    }
}
