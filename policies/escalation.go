package policies

import "time"

// Escalation limits of a pending approval task, counted in office hours.
// The policy document has no key for them yet; until it does, every
// organisation uses these.
const (
	// ReminderAfterOfficeHours is how long a task may wait before its
	// approver is reminded.
	ReminderAfterOfficeHours = 4
	// EscalateAfterOfficeHours is how long a task may wait before it passes
	// to the deputy, the next approver in the line, or HR.
	EscalateAfterOfficeHours = 8
)

// Office hours (勤務時間) of every office day: 08:30 to 17:15 in the
// organisation's zone.
var (
	OfficeOpens  = Clock(8*60 + 30)
	OfficeCloses = Clock(17*60 + 15)
)

// OfficeMinutes counts the minutes of office hours between from and to:
// only the part of each office day of cal between OfficeOpens and
// OfficeCloses in loc counts. It is 0 when to is not after from.
func OfficeMinutes(cal *Calendar, loc *time.Location, from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	from, to = from.In(loc), to.In(loc)
	total := time.Duration(0)
	d := DateOf(from)
	last := DateOf(to)
	for i := 0; !d.After(last) && i <= maxScan; i, d = i+1, d.AddDays(1) {
		if !cal.IsOfficeDay(d) {
			continue
		}
		base := d.In(loc)
		open := base.Add(time.Duration(OfficeOpens) * time.Minute)
		closes := base.Add(time.Duration(OfficeCloses) * time.Minute)
		a, b := maxTime(open, from), minTime(closes, to)
		if b.After(a) {
			total += b.Sub(a)
		}
	}
	return int(total / time.Minute)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// TaskDue is what a pending task needs now.
type TaskDue int

// What a pending task may need.
const (
	DueNothing TaskDue = iota
	DueReminder
	DueEscalation
)

func (d TaskDue) String() string {
	switch d {
	case DueReminder:
		return "reminder"
	case DueEscalation:
		return "escalation"
	case DueNothing:
	}
	return "nothing"
}

// PendingTask is what the escalation rule needs of a pending task.
type PendingTask struct {
	// Since is when the current approver received the task (when it became
	// pending, or was last escalated).
	Since time.Time
	// Reminded tells whether the current approver was already reminded.
	Reminded bool
}

// Due tells whether the task, as it stands at now, is due for escalation
// (EscalateAfterOfficeHours of office hours since it reached its approver)
// or for a reminder (ReminderAfterOfficeHours, once per approver). An
// escalation due wins over a reminder not yet sent: the new approver is told
// instead.
func Due(cal *Calendar, loc *time.Location, t PendingTask, now time.Time) TaskDue {
	m := OfficeMinutes(cal, loc, t.Since, now)
	switch {
	case m >= EscalateAfterOfficeHours*60:
		return DueEscalation
	case m >= ReminderAfterOfficeHours*60 && !t.Reminded:
		return DueReminder
	}
	return DueNothing
}
