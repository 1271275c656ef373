-- The booking path's check (models.Bookings.Around) reads the space's
-- bookings near the new one by space_id and start_at. The embedded database
-- has had bookings_space_time since 00002; PostgreSQL had only the exclusion
-- constraint's GiST index, which the planner does not pick for a btree range
-- on start_at, so it scanned bookings_office_time for the time range of every
-- office: 12 ms a booking at 60,000 bookings, growing with the table
-- (issue 20's measurement). With this index the read is a few pages.

-- +goose Up
CREATE INDEX bookings_space_time ON bookings (space_id, start_at);

-- +goose Down
DROP INDEX bookings_space_time;
