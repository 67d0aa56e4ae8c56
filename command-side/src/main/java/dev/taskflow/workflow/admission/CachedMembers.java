package dev.taskflow.workflow.admission;

import dev.taskflow.support.membership.MembershipDirectory;
import org.springframework.stereotype.Component;

/** {@link Members} from {@code membership_cache}, read in the command's own transaction. */
@Component
class CachedMembers implements Members {

    private final MembershipDirectory directory;

    CachedMembers(MembershipDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean isMember(String organizationId, String userId) {
        return directory.roleOf(organizationId, userId).isPresent() && !directory.unsettled(organizationId, userId);
    }
}
