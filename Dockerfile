# The fmnist serving image: `fmnist serve` (TensorFlow Serving REST and gRPC, KServe v2, SageMaker) on a
# Java runtime cut down by jlink to the modules the CLI uses, run by a non-root user.
# Untested as an image: the build machines have no container engine (see README, Deploy); the jlink
# runtime with JAVA_MODULES is built and run by interop/test_deploy_files.py.
#
#   docker build -t fmnist .
#   docker run --rm -p 8501:8501 -v "$PWD/saved_models:/models:ro" fmnist
#   docker run --rm -p 8080:8080 -v "$PWD/opt-ml-model:/opt/ml/model:ro" fmnist serve   # as SageMaker runs it

FROM eclipse-temurin:17-jdk-jammy AS build
# What `jdeps --print-module-deps --ignore-missing-deps --class-path 'cli/target/lib/*' cli/target/fmnist.jar` lists
ARG JAVA_MODULES=java.base,java.desktop,java.naming,java.net.http,java.sql,jdk.jfr,jdk.management,jdk.unsupported
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package -pl cli -am
RUN jlink --add-modules "$JAVA_MODULES" --strip-debug --no-header-files --no-man-pages --output /opt/java

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/fmnist fmnist
COPY --from=build /opt/java /opt/java
COPY --from=build /src/cli/target/fmnist.jar /opt/fmnist/fmnist.jar
COPY --from=build /src/cli/target/lib/ /opt/fmnist/lib/
COPY deploy/fmnist /usr/local/bin/fmnist
ENV TF_CPP_MIN_LOG_LEVEL=2
# an intra-op pool per TensorFlow session: small batches run on their own one-thread session
ENV TF_OVERRIDE_GLOBAL_THREADPOOL=1
USER 10001:10001
WORKDIR /home/fmnist
# TensorFlow Serving's gRPC and REST ports (TF Serving's APIs and KServe v2 on both); SageMaker's port
EXPOSE 8500 8501 8080
ENTRYPOINT ["fmnist"]
CMD ["serve", "--model-base-path", "/models", "--host", "0.0.0.0"]
