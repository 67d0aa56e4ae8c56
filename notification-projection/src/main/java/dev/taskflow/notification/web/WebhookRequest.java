package dev.taskflow.notification.web;

import dev.taskflow.notification.contacts.WebhookTargets;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/** {@code POST /notifications/webhooks}: the URL to deliver to. */
record WebhookRequest(@WebhookRequest.Url String url) {

    /** An http(s) URL {@link WebhookTargets} accepts. */
    @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Url.Validator.class)
    @interface Url {

        String message() default "is not an acceptable webhook URL";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Built by Spring's constraint validator factory, which injects the bean. */
        class Validator implements ConstraintValidator<Url, String> {

            private final WebhookTargets targets;

            Validator(WebhookTargets targets) {
                this.targets = targets;
            }

            @Override
            public boolean isValid(String url, ConstraintValidatorContext context) {
                Optional<String> problem = targets.problem(url);
                problem.ifPresent(message -> {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
                            .addConstraintViolation();
                });
                return problem.isEmpty();
            }
        }
    }
}
