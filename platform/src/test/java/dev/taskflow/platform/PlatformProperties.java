package dev.taskflow.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings a test class needs the platform to start with, as {@code NAME=value} pairs the services read like
 * environment variables (system properties, set for the class's platform only). A static initializer of the
 * test class would come too late: the platform starts in the superclass's {@code @BeforeAll}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface PlatformProperties {

    String[] value();
}
