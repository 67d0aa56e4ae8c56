package dev.taskflow.identity.signin.app;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** For {@link SignInThrottle#purgeExpired()}, the only scheduled work of this service. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SignInConfiguration {
}
