package dev.taskflow.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Routes that need an authenticated user (X-User-Id, set by the gateway). An interceptor rather than
 * {@link RequestContext#requireUser()} in the controller: it runs before the body is read, so an
 * anonymous request is a 401 whatever it carries, never a 400 about its body.
 */
public final class RequireUser implements HandlerInterceptor {

    private RequireUser() {
    }

    /** Registers the check for {@code pathPatterns}; a service returns this from a {@code @Bean} method. */
    public static WebMvcConfigurer on(String... pathPatterns) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequireUser()).addPathPatterns(pathPatterns);
            }
        };
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String userId = request.getHeader(Headers.USER_ID);
        if (userId == null || userId.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Not authenticated", "No authenticated user on the request");
        }
        return true;
    }
}
