# syntax=docker/dockerfile:1
#
# Production image of `uwscrape serve`: the release binary alone, with the
# web app embedded (feature `embed-frontend`), on a distroless base that has
# no shell and runs as the non-root user 65532. The index is not baked in:
# the server reads it from the Fly volume at /data/index (see docs/runbook.md).

FROM rust:1-bookworm AS build
WORKDIR /src

# The whole build context, less what .dockerignore leaves out. `assets/` is
# embedded by rust-embed at compile time, and Cargo reads every target that
# Cargo.toml declares, so copying file by file would break on the next one.
COPY . .

# The cache mounts keep the crate registry and the target directory between
# builds on the same builder. The binary is copied out of the cache mount,
# because a cache mount is not part of the stage's file system.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --features embed-frontend \
    && cp target/release/uwscrape /uwscrape

# Maintenance image, built only on request (`--build-target ops`): the same
# binary on Debian with a shell, for the volume work the distroless image
# cannot do (first upload, index swap, chown, state restore). The runbook
# switches the machine to it and back; it never serves traffic.
FROM debian:bookworm-slim AS ops
COPY --from=build /uwscrape /usr/local/bin/uwscrape
CMD ["sleep", "infinity"]

# Runtime image, the default target: the binary alone.
FROM gcr.io/distroless/cc-debian12:nonroot

COPY --from=build /uwscrape /uwscrape

# Production paths on the Fly volume; fly.toml sets the same values so that
# both files state them. Secrets (UWSCRAPE_TOKEN_KEY, UWSCRAPE_INTERNAL_TOKEN)
# come from `fly secrets`, never from the image.
ENV UWSCRAPE_INDEX_DIR=/data/index \
    UWSCRAPE_DATA_DIR=/data \
    UWSCRAPE_BIND=0.0.0.0:8080

EXPOSE 8080
# 65532 is the `nonroot` user of the distroless base image.
USER 65532:65532
ENTRYPOINT ["/uwscrape"]
CMD ["serve"]
