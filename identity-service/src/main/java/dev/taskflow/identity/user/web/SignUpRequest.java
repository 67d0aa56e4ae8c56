package dev.taskflow.identity.user.web;

import dev.taskflow.identity.user.app.ClearPassword;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record SignUpRequest(
        @Schema(example = "alice", pattern = "^[A-Za-z0-9._-]{3,64}$")
        @NotNull
        @Pattern(regexp = "[A-Za-z0-9._-]{3,64}", message = "must be 3 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'")
        String username,

        @Schema(type = "string", format = "password", minLength = 8, maxLength = 128)
        @NotNull
        @PasswordLength(min = 8, max = 128)
        ClearPassword password,

        @Schema(example = "Alice Example", minLength = 1, maxLength = 100)
        @NotBlank
        @Size(max = 100)
        String displayName) {
}
