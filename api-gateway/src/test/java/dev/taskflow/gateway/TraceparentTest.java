package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceparentTest {

    @Test
    void acceptsOnlyWellFormedVersion00WithNonZeroIds() {
        assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isTrue();
        assertThat(Traceparent.isValid(null)).isFalse();
        assertThat(Traceparent.isValid("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).isFalse();
        assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0".repeat(16) + "-01")).isFalse();
        assertThat(Traceparent.isValid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isFalse();
    }

    @Test
    void generatedValuesAreValidAndDistinct() {
        String first = Traceparent.generate();
        assertThat(Traceparent.isValid(first)).isTrue();
        assertThat(Traceparent.generate()).isNotEqualTo(first);
    }
}
