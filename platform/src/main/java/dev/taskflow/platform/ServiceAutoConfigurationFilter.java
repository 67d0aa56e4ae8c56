package dev.taskflow.platform;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * In the launcher every service shares one class path, so each context would see every other
 * service's auto-configuration (Axon in the gateway, the gateway in servlet services). The launcher
 * tells each context which auto-configuration packages are not its own; this filter drops them.
 * Standalone jars never see this class.
 */
public class ServiceAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String PROPERTY = "taskflow.platform.excluded-auto-configuration";

    private List<String> excludedPrefixes = List.of();

    @Override
    public void setEnvironment(Environment environment) {
        excludedPrefixes = Arrays.stream(environment.getProperty(PROPERTY, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            String candidate = candidates[i];
            matches[i] = candidate == null || excludedPrefixes.stream().noneMatch(candidate::startsWith);
        }
        return matches;
    }
}
