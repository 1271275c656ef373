-- PostgreSQL gains bookings_space_time here (see its 00090). The embedded
-- database has had the same index since 00002: nothing to do, and the number
-- is kept so that both dialects run the same sequence of versions.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
