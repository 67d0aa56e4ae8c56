package dev.taskflow.organization.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskflow.api.Role;
import dev.taskflow.organization.domain.Organization;
import dev.taskflow.support.web.EnumName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the organization endpoints. */
final class OrganizationApi {

    private OrganizationApi() {
    }

    record CreateOrganizationRequest(
            @NotBlank @Size(max = Organization.MAX_NAME_LENGTH) String name) {
    }

    record OrganizationCreatedResponse(String organizationId) {
    }

    record AddMemberRequest(
            @NotBlank @Size(max = Organization.MAX_ID_LENGTH) String userId,
            @NotBlank @EnumName(Role.class) String role) {
    }

    record MemberResponse(String organizationId, String userId, Role role,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Instant addedAt) {
    }

    record MembersResponse(String organizationId, List<MemberResponse> members) {
    }
}
