# The production image: the web UI built with Node.js, embedded in a static Go
# binary, on a distroless base that runs as the non-root user 65532.
#
#   docker build -t kinmuchi .
#
# RUN commands use paths relative to their WORKDIR only: the test suite
# (internal/deploy) runs these stages' commands in the same order on the host,
# where no Docker engine may be available.

FROM node:22-bookworm-slim AS ui
WORKDIR /src/frontend
# The lock file first: the dependency layer is reused until it changes.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The UI built above; .dockerignore keeps any local build out of the context.
COPY --from=ui /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o out/kinmuchi ./cmd/kinmuchi && \
    mkdir -p out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/out/kinmuchi /usr/local/bin/kinmuchi
# The embedded database's folder, owned by the non-root user so that a volume
# mounted there (docker run -v kinmuchi-data:/data) starts out writable.
COPY --from=build --chown=65532:65532 /src/out/data /data
ENV KINMUCHI_ADDR=:8080 KINMUCHI_DATA_DIR=/data
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=5 CMD ["/usr/local/bin/kinmuchi", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kinmuchi"]
CMD ["serve"]
