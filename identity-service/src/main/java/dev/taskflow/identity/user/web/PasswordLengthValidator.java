package dev.taskflow.identity.user.web;

import dev.taskflow.identity.user.app.ClearPassword;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class PasswordLengthValidator implements ConstraintValidator<PasswordLength, ClearPassword> {

    private int min;
    private int max;

    @Override
    public void initialize(PasswordLength annotation) {
        min = annotation.min();
        max = annotation.max();
    }

    @Override
    public boolean isValid(ClearPassword password, ConstraintValidatorContext context) {
        // absence is @NotNull's business
        return password == null || (password.length() >= min && password.length() <= max);
    }
}
