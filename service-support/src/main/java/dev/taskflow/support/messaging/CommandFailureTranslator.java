package dev.taskflow.support.messaging;

/**
 * A service's reading of what its command handlers refuse with: turns a failure into what the web
 * layer should throw (an {@code ApiProblem}, say), or returns it unchanged. A service declares at most
 * one as a bean; {@link ContextualCommandGateway} applies it to every failure of a command it sends.
 */
@FunctionalInterface
public interface CommandFailureTranslator {

    /**
     * @param failure        what sending threw, a {@code CommandExecutionException} already unwrapped
     * @param organizationId the organization the command was sent for (may be null)
     */
    RuntimeException translate(RuntimeException failure, String organizationId);
}
