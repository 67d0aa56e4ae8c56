package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How {@code IDENTITY_OPERATORS} arrives in {@link OperatorProperties}. */
class OperatorPropertiesTest {

    private static OperatorProperties bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("taskflow.identity", Bindable.of(OperatorProperties.class));
    }

    @Test
    void theDefaultEmptyValueMeansNoOperators() {
        assertThat(bind(Map.of("taskflow.identity.operators", "")).operators()).isEmpty();
        assertThat(bind(Map.of()).operators()).isEmpty();
    }

    @Test
    void aCommaSeparatedValueIsAList() {
        assertThat(bind(Map.of("taskflow.identity.operators", "alice, Bob")).operators())
                .containsExactly("alice", "Bob");
    }
}
