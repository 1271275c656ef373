// Package args holds the argument types of kinmuchi's background jobs. It
// imports nothing of ours, so services can enqueue jobs without importing
// the workers (which import services).
package args

// Escalate finds the approval tasks due for a reminder or an escalation and
// deals with them. It runs every minute, on one process at a time.
type Escalate struct{}

// Kind implements river.JobArgs.
func (Escalate) Kind() string { return "escalate_tasks" }

// Deliver sends one notification outbox message (an e-mail or a webhook post).
type Deliver struct {
	OutboxID string `json:"outbox_id"`
}

// Kind implements river.JobArgs.
func (Deliver) Kind() string { return "deliver_notification" }

// PurgeIdempotencyKeys deletes the Idempotency-Keys past their 24 hours. It
// runs every hour, on one process at a time.
type PurgeIdempotencyKeys struct{}

// Kind implements river.JobArgs.
func (PurgeIdempotencyKeys) Kind() string { return "purge_idempotency_keys" }

// Attendance moves the department of those whose transfer took effect and
// announces new breaches of the attendance forecast. It runs every hour.
type Attendance struct{}

// Kind implements river.JobArgs.
func (Attendance) Kind() string { return "attendance_daily" }

// ReleaseNoShows releases the bookings not checked in by the end of their
// grace period at offices that require check-in. It runs every minute.
type ReleaseNoShows struct{}

// Kind implements river.JobArgs.
func (ReleaseNoShows) Kind() string { return "release_no_shows" }

// BookDueSeries books the occurrences of recurring bookings that the
// offices' advance limits have reached. It runs every hour, so the day's
// new occurrences are booked soon after midnight even after a restart.
type BookDueSeries struct{}

// Kind implements river.JobArgs.
func (BookDueSeries) Kind() string { return "book_due_series" }

// SealAudit seals the audit rows written since its last run into the hash
// chain and signs the new head. It runs periodically, on one process at a
// time (and sealing itself takes a lock, so an extra run waits and finds
// nothing left).
type SealAudit struct{}

// Kind implements river.JobArgs.
func (SealAudit) Kind() string { return "seal_audit" }

// PurgePersonalData purges family members' details and reason texts past
// the retention the policy in force sets. It runs daily, on one process at a
// time.
type PurgePersonalData struct{}

// Kind implements river.JobArgs.
func (PurgePersonalData) Kind() string { return "purge_personal_data" }

// RecheckLive decides every live telework request again on its applicant's
// facts as they now stand, marking and telling once those whose reason no
// longer holds. It runs daily, on one process at a time.
type RecheckLive struct{}

// Kind implements river.JobArgs.
func (RecheckLive) Kind() string { return "recheck_live_requests" }
