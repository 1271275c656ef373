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
