-- One calendar of closed days: an organisation's closures are its telework
-- policy's calendar (holidays, closing days such as the year end) plus its
-- own closing days; offices that follow the organisation read the same. The
-- year_end_closing flag was read by nothing, and the policy's closing days
-- already say the same thing, so it goes.

-- +goose Up
ALTER TABLE organizations DROP COLUMN year_end_closing;

-- +goose Down
ALTER TABLE organizations ADD COLUMN year_end_closing BOOLEAN NOT NULL DEFAULT 1 CHECK (year_end_closing IN (0, 1));
