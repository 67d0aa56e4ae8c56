package dev.taskflow.identity.user.web;

import dev.taskflow.identity.user.app.UserAccounts;
import dev.taskflow.identity.user.app.UsernameTakenException;
import dev.taskflow.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users")
@RestController
class UserController {

    private final UserAccounts accounts;

    UserController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Operation(summary = "Sign up", description = "Usernames are unique regardless of letter case.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "A field is invalid; the problem names it")
    @ApiResponse(responseCode = "409", description = "The username is taken")
    @PostMapping("/auth/users")
    @ResponseStatus(HttpStatus.CREATED)
    SignUpResponse signUp(@Valid @RequestBody SignUpRequest request) {
        try {
            return new SignUpResponse(
                    accounts.register(request.username(), request.password(), request.displayName()).toString());
        } catch (UsernameTakenException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Username taken", "The username is already taken");
        }
    }
}
