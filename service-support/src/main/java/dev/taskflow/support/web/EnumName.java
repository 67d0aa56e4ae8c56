package dev.taskflow.support.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The string is the exact name of one of {@code value()}'s constants (null and blank pass: combine with
 * {@code @NotBlank}). Kept as text in requests so an unknown value is reported against its field
 * instead of failing JSON parsing. Checked only where the service has a Bean Validation provider
 * (spring-boot-starter-validation).
 */
@Documented
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EnumName.Validator.class)
public @interface EnumName {

    Class<? extends Enum<?>> value();

    String message() default "must be one of {names}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<EnumName, String> {

        private String[] names;

        @Override
        public void initialize(EnumName annotation) {
            names = Arrays.stream(annotation.value().getEnumConstants()).map(Enum::name).toArray(String[]::new);
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank() || Arrays.asList(names).contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be one of "
                            + Arrays.stream(names).collect(Collectors.joining(", ")))
                    .addConstraintViolation();
            return false;
        }
    }
}
