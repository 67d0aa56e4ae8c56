# syntax=docker/dockerfile:1
#
# One image recipe for every service; the build arg MODULE picks the Maven module:
#   docker build --build-arg MODULE=command-side -t taskflow/command-side .
# docker-compose.yml builds each service this way. See docs/deployment.md.

FROM eclipse-temurin:17-jdk-noble AS build
ARG MODULE
RUN test -n "${MODULE}" || { echo "build arg MODULE is required, e.g. --build-arg MODULE=command-side" >&2; exit 1; }
WORKDIR /src
COPY . .
# The local Maven repository (and the wrapper's Maven) live in a build cache shared by all services'
# builds; "locked" because several builds of docker compose run at the same time.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -pl ${MODULE} -am package -DskipTests \
 && mkdir -p /out \
 && cp ${MODULE}/target/${MODULE}-*-exec.jar /out/app.jar

FROM eclipse-temurin:17-jre-noble
ARG MODULE
LABEL org.opencontainers.image.title="taskflow ${MODULE}"
RUN groupadd --system --gid 10001 taskflow \
 && useradd --system --uid 10001 --gid taskflow --home-dir /var/lib/taskflow --shell /usr/sbin/nologin taskflow \
 && mkdir -p /app /var/lib/taskflow \
 && chown taskflow:taskflow /var/lib/taskflow
WORKDIR /app
COPY --from=build /out/app.jar /app/app.jar
# Axon's update checker would phone home from every container
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
# /var/lib/taskflow is where a service may keep files (identity's signing key); a named volume mounted
# there starts out owned by this user
USER taskflow:taskflow
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
