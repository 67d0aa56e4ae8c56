package dev.taskflow.billing.web;

import dev.taskflow.support.web.RequireUser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every billing route needs an authenticated user, checked before the body is read. */
@Configuration(proxyBeanMethods = false)
class RequireUserConfiguration {

    @Bean
    WebMvcConfigurer requireUserOnBillingRoutes() {
        return RequireUser.on("/billing", "/billing/**");
    }
}
