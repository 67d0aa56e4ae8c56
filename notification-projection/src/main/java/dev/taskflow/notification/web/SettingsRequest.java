package dev.taskflow.notification.web;

import dev.taskflow.notification.contacts.Channel;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code PUT /notifications/settings}: the user's email address and channels. Without {@code channels},
 * email is on exactly when an address is given.
 */
@SettingsRequest.EmailForEmailChannel
record SettingsRequest(@Email @Size(max = 254) String email,
                       @Size(max = 10) @SettingsRequest.ChannelNames List<String> channels) {

    boolean wantsEmailChannel() {
        return channels == null ? email != null && !email.isBlank() : channels.contains(Channel.EMAIL.name());
    }

    /** Every entry names a {@link Channel}. */
    @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ChannelNames.Validator.class)
    @interface ChannelNames {

        String message() default "must each be one of {names}";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<ChannelNames, List<String>> {

            @Override
            public boolean isValid(List<String> channels, ConstraintValidatorContext context) {
                List<String> names = Arrays.stream(Channel.values()).map(Enum::name).toList();
                if (channels == null || channels.stream().allMatch(names::contains)) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must each be one of " + String.join(", ", names)
                        + ", found " + channels.stream().filter(c -> !names.contains(c)).map(c -> "'" + c + "'")
                        .collect(Collectors.joining(", ")).replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
                return false;
            }
        }
    }

    /** The EMAIL channel needs an address: reported against {@code email}. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EmailForEmailChannel.Validator.class)
    @interface EmailForEmailChannel {

        String message() default "is required when the EMAIL channel is on";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<EmailForEmailChannel, SettingsRequest> {

            @Override
            public boolean isValid(SettingsRequest request, ConstraintValidatorContext context) {
                if (request == null || !request.wantsEmailChannel() || (request.email() != null && !request.email().isBlank())) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("email").addConstraintViolation();
                return false;
            }
        }
    }
}
