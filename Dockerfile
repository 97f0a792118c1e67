# syntax=docker/dockerfile:1
#
# newswire as a container image: the `newswire` binary on Debian 12 slim.
#
#   docker build -t newswire .
#   docker run --rm --stop-timeout 40 -p 9464:9464 \
#       -e NEWSWIRE_BROKERS=broker-1:9092 newswire           # newswire run
#   docker run --rm newswire config                          # effective settings
#
# Configuration is by environment (NEWSWIRE_<SECTION>_<KEY>, NEWSWIRE_BROKERS,
# NEWSWIRE_RDKAFKA_<PROPERTY>; see docs/OPERATING.md) or by a mounted TOML file
# named in NEWSWIRE_CONFIG. /etc/newswire/default.toml documents every
# setting; the same defaults are built into the binary.
#
# Graceful stop: on SIGTERM the worker finishes what is in flight and commits
# within worker.shutdown_timeout (30s); give it longer than that before
# SIGKILL (docker run --stop-timeout 40, compose stop_grace_period: 40s).

# ---- builder: librdkafka is compiled from source by the rdkafka crate ----
FROM rust:1.95-bookworm AS builder

# The Debian packages librdkafka's build needs (scripts/setup): the C
# toolchain, and SSL, SASL and zlib headers.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        build-essential pkg-config libssl-dev libsasl2-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY . .
# Cache mounts keep the crate downloads and the compiled dependencies
# between builds. The release profile keeps line tables for backtraces;
# compressing them halves the binary.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked --bin newswire \
    && objcopy --compress-debug-sections=zlib target/release/newswire /usr/local/bin/newswire

# ---- runtime: only the shared libraries the binary links ----
FROM debian:bookworm-slim AS runtime

# `ldd newswire`: libssl.so.3 and libcrypto.so.3 (libssl3), libsasl2.so.2
# (libsasl2-2), libz.so.1 (zlib1g), libgcc_s, libm, libc (already in the
# base image). ca-certificates lets SSL connections to a managed cluster
# verify the brokers with the system's CAs.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libssl3 libsasl2-2 zlib1g ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 newswire \
    && useradd --system --uid 10001 --gid newswire --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin newswire

COPY --from=builder /usr/local/bin/newswire /usr/local/bin/newswire
COPY config/default.toml /etc/newswire/default.toml

# In a container the HTTP endpoint (/metrics, /healthz, /readyz) must listen
# on every address to be reachable from outside.
ENV NEWSWIRE_TELEMETRY_HTTP_LISTEN=0.0.0.0:9464
EXPOSE 9464

USER 10001:10001

# Liveness: `newswire healthcheck` GETs /healthz on telemetry.http_listen
# (the image has no curl); exit 0 healthy, 1 not.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["newswire", "healthcheck"]

ENTRYPOINT ["newswire"]
CMD ["run"]

LABEL org.opencontainers.image.title="newswire" \
      org.opencontainers.image.description="A Kafka worker that enriches news articles with datelines, quotes and named entities" \
      org.opencontainers.image.licenses="Apache-2.0"
