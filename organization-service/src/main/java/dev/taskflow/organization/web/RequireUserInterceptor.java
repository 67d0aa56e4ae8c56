package dev.taskflow.organization.web;

import dev.taskflow.support.web.Headers;
import dev.taskflow.support.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every organization route needs an authenticated user (X-User-Id, set by the gateway). Checked
 * before the body is read, so an anonymous request is a 401 whatever it carries.
 */
@Configuration(proxyBeanMethods = false)
class RequireUserInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/organizations", "/organizations/**");
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
