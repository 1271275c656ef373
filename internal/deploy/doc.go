// Package deploy holds no code: its tests check the files kinmuchi is
// deployed with (Dockerfile, .dockerignore, docker-compose.yml and
// .env.example) on a machine that may have no Docker engine. They run the
// image's build steps on the host in the Dockerfile's order, and have
// `docker-compose config` read the compose file with the sample settings.
package deploy
