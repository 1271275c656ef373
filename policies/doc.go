// Package policies holds kinmuchi's rules as pure functions: facts in, a
// decision with its reasons out. Nothing here reads a clock, a database or a
// request; the date is always an argument, so every rule is table-tested.
//
// Where each kind of rule lives:
//
//	who may telework, and why not     evaluate.go (eligibility, reason, unit, overlap, blackouts), rules.go (rule ids)
//	family, kinship and 親等          family.go, kinship.go, schoolyear.go (child age limits)
//	limits per week, month, year      limits.go
//	deadlines and after the fact      deadlines.go (office and calendar days, monthly deadlines, prior notice)
//	the dated staff record, schemes,  record.go (service, probation, rank, schedule, commute, workplace, work kind,
//	pools, emergencies, periods         schemes, pools, emergency periods, windows, periods of an application)
//	office attendance bands           attendance.go, projection.go (the inbox's projected ratio)
//	the office calendar and holidays  calendar.go (OrgCalendar: the one calendar of closed days), holidays.go
//	approval routes                   route.go (which steps a request takes)
//	the approval round                round.go (DecideRound: 引き上げ, 合議, 同一承認者), requeststate.go (request states, StepDone)
//	escalation of waiting tasks       escalation.go (office hours, reminders)
//	seat booking                      booking.go
//	who may see or do what            access.go
//	what approvers may read           privacy.go (Decision.For: family facts folded to a category)
//	sign-in throttling, passwords     signin.go
//	the policy document               document.go (types), schema.go (every key, its default and check), parse.go,
//	                                  policy.go (versions and the Set in force), reference.go (docs/policy-reference.md)
//	decisions and messages            decision.go, text.go (Japanese and English texts), date.go (civil dates)
package policies
