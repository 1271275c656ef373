package services

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// What a request says beyond its days (issue 22), the facts about the
// person that hold on each date (the staff record, emergency periods, a
// pool's use), and the recheck of live requests when those facts change.

// validateDetails checks the scheme, kind of work, pool and prior notice.
func (s *Telework) validateDetails(in TeleworkInput, sh *shape, v *Validator) {
	for _, x := range []struct{ field, value string }{{"scheme", in.Scheme}, {"work_kind", in.WorkKind}, {"pool", in.Pool}} {
		v.Check(x.value == "" || (len(x.value) <= 64 && nameLike(x.value)), x.field, "invalid",
			"英小文字・数字・_ からなる名前で指定してください（規程に書かれたもの）。", "Use a name of lowercase letters, digits and _ (as the policy writes it).")
	}
	sh.scheme, sh.workKind, sh.pool = in.Scheme, in.WorkKind, in.Pool
	n := in.Notice
	if n == nil {
		return
	}
	v.Check(slices.Contains(policies.NoticeMethods(), n.Method), "notice.method", "invalid",
		"連絡の方法は phone（電話）、email（メール）、chat（チャット）のいずれかです。", "The notice method is phone, email or chat.")
	to := strings.TrimSpace(n.To)
	v.Check(to != "" && utf8.RuneCountInString(to) <= 100, "notice.to", "required", "連絡した相手を100文字以内で入力してください。", "Say whom you notified (at most 100 characters).")
	at, err := time.Parse(time.RFC3339, n.At)
	switch {
	case err != nil || !policies.SaneInstant(at):
		v.Add("notice.at", "invalid", "連絡した日時は RFC 3339 形式（例: 2026-12-01T08:15:00+09:00）です。", "The notice time is RFC 3339 (e.g. 2026-12-01T08:15:00+09:00).")
	case at.After(sh.appliedAt):
		v.Add("notice.at", "future", "事前の連絡は申請より前の日時にしてください。", "A prior notice must come before the request.")
	default:
		sh.notice = &policies.Notice{Method: n.Method, To: to, At: at}
	}
}

func nameLike(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || (i > 0 && r >= '0' && r <= '9')) {
			return false
		}
	}
	return s != ""
}

// recheck decides again, on the applicant's own facts, every live request
// of the employee from today on (only those naming the family member, when
// one is given). A request whose reason no longer holds on a day is
// marked lapsed and the applicant and its approvers are told, once: it
// does not silently stay approved. Limits and deadlines are not judged
// again here (days taken by others since must not count against it).
func (s *Telework) recheck(ctx context.Context, tx *gorm.DB, actor *Actor, orgID, employeeID, familyMemberID string) error {
	org, err := s.orgs.Get(ctx, tx, orgID)
	if err != nil {
		return err
	}
	_, err = s.recheckOn(ctx, tx, actor, org, employeeID, familyMemberID, policies.DateOf(s.now().In(loadLocation(org.TimeZone))))
	return err
}

// RecheckLive is the daily recheck: every live request not yet marked, in
// every organisation, decided again on the applicant's facts as they now
// stand. The write paths recheck when they change a fact; this catches what
// changes without a write (a request filed before a fact's end was recorded
// by a sync from the personnel system, or approved before this recheck
// existed). It runs in the job's transaction and returns how many requests
// it marked; a second run marks none, since a marked request is skipped.
func (s *Telework) RecheckLive(ctx context.Context, tx *gorm.DB) (int, error) {
	orgs, err := s.orgs.All(ctx, tx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range orgs {
		today := policies.DateOf(s.now().In(loadLocation(o.TimeZone)))
		who, err := s.requests.ApplicantsWithUnlapsedLive(ctx, tx, o.ID, today.String())
		if err != nil {
			return n, err
		}
		system := &Actor{OrganizationID: o.ID}
		for _, id := range who {
			m, err := s.recheckOn(ctx, tx, system, &o, id, "", today)
			n += m
			if err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (s *Telework) recheckOn(ctx context.Context, tx *gorm.DB, actor *Actor, org *models.Organization, employeeID, familyMemberID string, today policies.Date) (int, error) {
	orgID := org.ID
	rs, err := s.requests.LiveOfEmployee(ctx, tx, orgID, employeeID, today.String())
	if err != nil {
		return 0, err
	}
	rs = slices.DeleteFunc(rs, func(r *models.TeleworkRequest) bool {
		return r.LapsedAt != nil || (familyMemberID != "" && (r.FamilyMemberID == nil || *r.FamilyMemberID != familyMemberID))
	})
	cases, err := s.decideAllStored(ctx, tx, org, rs)
	if err != nil {
		return 0, err
	}
	n := 0
	for i, r := range rs {
		sc := cases[i]
		lapsed := slices.DeleteFunc(sc.decision.LapsedDates(), func(d policies.Date) bool { return d.Before(today) })
		if len(lapsed) == 0 {
			continue
		}
		marked, err := s.markLapsed(ctx, tx, actor, r, lapsed, lapseCause{applicant: NoticeReasonLapsed, approver: NoticeReasonLapsedApprover})
		if err != nil {
			return n, err
		}
		if marked {
			n++
		}
	}
	return n, nil
}

// lapseCause says what took a live request's days away: the notices to
// send and what the audit event names besides the dates.
type lapseCause struct {
	applicant, approver string
	emergencyPeriod     string
}

// markLapsed marks a live request whose days no longer hold (flag
// reason_lapsed and lapsed_at), tells the applicant and its approvers and
// audits it, once: it reports false when another recheck marked it first.
func (s *Telework) markLapsed(ctx context.Context, tx *gorm.DB, actor *Actor, r *models.TeleworkRequest, lapsed []policies.Date, why lapseCause) (bool, error) {
	flags := r.Flags
	if !slices.Contains(strings.Split(flags, ","), policies.FlagReasonLapsed) {
		flags = strings.Trim(flags+","+policies.FlagReasonLapsed, ",")
	}
	now := s.now()
	marked, err := s.requests.MarkLapsed(ctx, tx, r, flags, now)
	if err != nil || !marked {
		return false, err // not marked: another recheck marked it and told them
	}
	r.Flags, r.LapsedAt = flags, &now
	approvers, err := s.approversOf(ctx, tx, r)
	if err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, notice{kind: why.applicant, request: r}, r.EmployeeID); err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, notice{kind: why.approver, request: r}, approvers...); err != nil {
		return false, err
	}
	days := make([]string, len(lapsed))
	for i, d := range lapsed {
		days[i] = d.String()
	}
	// The dates only: which fact lapsed is the applicant's (and HR's) to know.
	after := map[string]any{"dates": days}
	if why.emergencyPeriod != "" {
		after["emergency_period"] = why.emergencyPeriod
	}
	return true, s.audit.record(ctx, tx, actor, auditEntry{Action: "telework_request.reason_lapsed", TargetType: "telework_request", TargetID: r.ID, After: after})
}

// recheckEmergency decides again, at once, the live requests decided under
// an emergency period whose days in [from, to] (from today on) it no longer
// covers, because HR ended it early or withdrew it. A day the relaxation
// alone allowed (a lifted limit, a waived rule, a shorter deadline) is
// marked as for a lapsed family fact; the others stand. Limits count the
// requests filed before each one, so the earlier day within a cap stands
// and the later one past it is marked.
func (s *Telework) recheckEmergency(ctx context.Context, tx *gorm.DB, actor *Actor, periodID string, from, to policies.Date) error {
	loc, err := s.location(ctx, tx, actor.OrganizationID)
	if err != nil {
		return err
	}
	today := policies.DateOf(s.now().In(loc))
	if from.Before(today) {
		from = today
	}
	if to.Before(from) {
		return nil
	}
	rs, err := s.requests.LiveFlaggedOn(ctx, tx, actor.OrganizationID, policies.FlagEmergency, from.String(), to.String())
	if err != nil {
		return err
	}
	for _, r := range rs {
		stored, err := decodeDecision(r.Decision)
		if err != nil {
			return err
		}
		sc, err := s.decideStoredAs(ctx, tx, r, false, func(sh *shape) { sh.filedBefore = r.ID })
		if err != nil {
			return err
		}
		lapsed := slices.DeleteFunc(policies.EmergencyLapsedDates(stored, sc.decision), func(d policies.Date) bool { return d.Before(today) })
		if len(lapsed) == 0 {
			continue
		}
		if _, err := s.markLapsed(ctx, tx, actor, r, lapsed, lapseCause{applicant: NoticeEmergencyLapsed, approver: NoticeEmergencyLapsedApprover, emergencyPeriod: periodID}); err != nil {
			return err
		}
	}
	return nil
}

// approversOf names who decided or is deciding a request: the approvers of
// its decided steps and of its open tasks in the current round.
func (s *Telework) approversOf(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) ([]string, error) {
	ts, err := s.approvals.tasks.OfRequests(ctx, tx, r.OrganizationID, []string{r.ID})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range ts {
		who := t.ApproverID
		if t.DecidedBy != nil {
			who = *t.DecidedBy
		}
		if t.Status == policies.TaskPending || t.Status == policies.TaskApproved {
			out = append(out, who)
		}
	}
	return out, nil
}
