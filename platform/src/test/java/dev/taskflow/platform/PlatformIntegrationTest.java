package dev.taskflow.platform;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The whole embedded platform on free ports, started once per test class, reached through its gateway. */
abstract class PlatformIntegrationTest {

    @TempDir
    static Path data;
    static Platform platform;

    final GatewayClient gateway = new GatewayClient(platform.gatewayUrl());

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(PlatformSettings.anyPorts(data));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
