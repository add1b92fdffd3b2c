# yishi in a container, for CI runners that start from an image rather than install:
#   docker build -t yishi .
#   docker run --rm -v "$PWD:/site" yishi check            # in a community's repository
#   docker run --rm -v "$PWD:/site" yishi build --out public
# Two stages: the toolchain builds yishi; the image that runs it holds only yishi, git (for
# the records' history) and CA certificates, and runs as an ordinary user.
FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo install --locked --path . --root /out

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 yishi
COPY --from=build /out/bin/yishi /usr/local/bin/yishi
USER yishi
# The mounted repository belongs to another user; git would refuse to read its history.
RUN git config --global --add safe.directory '*'
WORKDIR /site
ENTRYPOINT ["yishi"]
CMD ["check"]
