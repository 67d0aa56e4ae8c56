package dev.taskflow.identity.token.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskflow.identity.token.OperatorProperties;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlatformRolesTest {

    private static PlatformRoles roles(String... operators) {
        // the account check only runs at start-up
        return new PlatformRoles(new OperatorProperties(Arrays.asList(operators)), null);
    }

    @Test
    void listedUsersAreOperatorsInAnyLetterCase() {
        PlatformRoles roles = roles(" Alice ", "", "  ", null, "ops.team");

        assertThat(roles.of("alice")).containsExactly(PlatformRoles.PLATFORM_OPERATOR);
        assertThat(roles.of("ALICE")).containsExactly("platform-operator");
        assertThat(roles.of("ops.team")).containsExactly("platform-operator");
    }

    @Test
    void everyoneElseHasNoRole() {
        PlatformRoles roles = roles("alice");

        assertThat(roles.of("bob")).isEmpty();
        assertThat(roles.of("alice2")).isEmpty();
        assertThat(roles.of("platform-operator")).isEmpty();
        assertThat(roles.of("")).isEmpty();
        assertThat(roles.of(null)).isEmpty();
        assertThat(roles().of("alice")).isEmpty();
    }
}
