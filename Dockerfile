# Build: docker build -t kinmuchi .
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/kinmuchi ./cmd/kinmuchi

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kinmuchi /usr/local/bin/kinmuchi
ENV KINMUCHI_ADDR=:8080 KINMUCHI_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=5 CMD ["/usr/local/bin/kinmuchi", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/kinmuchi"]
CMD ["serve"]
