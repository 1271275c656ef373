package api_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/jobs"
	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
)

// lapsedTold counts what a request's lapse left behind: its audit events and
// the applicant's and the approvers' notifications.
func (e *env) lapsedTold(requestID string) (audits, applicant, approver int64) {
	e.t.Helper()
	e.db.Gorm.Table("audit_events").Where("action = ? AND target_id = ?", "telework_request.reason_lapsed", requestID).Count(&audits)
	e.db.Gorm.Table("notifications").Where("kind = ? AND request_id = ?", "reason_lapsed", requestID).Count(&applicant)
	e.db.Gorm.Table("notifications").Where("kind = ? AND request_id = ?", "reason_lapsed_approver", requestID).Count(&approver)
	return audits, applicant, approver
}

func (e *env) lapsed(token, requestID string) bool {
	e.t.Helper()
	got := e.do(req{method: "GET", path: "/api/v1/telework-requests/" + requestID, token: token}).must(e.t, 200)
	return got.json["lapsed_at"] != nil && strings.Contains(flagsOf(got), "reason_lapsed") && got.str("status") == "approved"
}

// 都農町在宅勤務実施要領 第2条: 「在宅勤務の対象職員は、町長部局に在籍する職員とする。」 A transfer not yet in effect can be
// moved to another date or withdrawn; either can put an approved day in a department the rule excludes, and the day
// is checked again as when a transfer is entered: marked, both sides told once.
func TestChangingOrWithdrawingATransferRechecksLiveRequests(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		hr, emp, sup := e.login(hrEmail), e.login(empEmail), e.login(supEmail)
		e.storePolicy(rulesPolicy("v1", "", "eligibility: {excluded_department_flags: [counter]}"))
		// 市民課 (counter work) from 14 to 20 December, back to 総務課 from the 21st.
		out := e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-14"}}).must(t, 201).str("id")
		back := e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dAffairs, "effective_from": "2026-12-21"}}).must(t, 201).str("id")
		early := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-11"}, "general", nil)}).must(t, 201)
		e.decideTask(sup, taskAt(early, 0)["id"].(string), "approve", nil, 200)
		late := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-22"}, "general", nil)}).must(t, 201)
		e.decideTask(sup, taskAt(late, 0)["id"].(string), "approve", nil, 200)

		// The move to 市民課 is brought forward to 10 December: the 11th is now a counter day.
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp + "/transfers/" + out, token: hr,
			body: map[string]any{"effective_from": "2026-12-10"}}).must(t, 200)
		if !e.lapsed(emp, early.str("id")) {
			t.Fatal("the approved day after the changed transfer is not marked")
		}
		if e.lapsed(emp, late.str("id")) {
			t.Fatal("a day the change does not touch is marked")
		}
		if a, n, m := e.lapsedTold(early.str("id")); a != 1 || n != 1 || m != 1 {
			t.Fatalf("marked and told once: %d audits, %d to the applicant, %d to the approver", a, n, m)
		}
		// The return to 総務課 is withdrawn: the 22nd stays in 市民課.
		e.do(req{method: "DELETE", path: "/api/v1/employees/" + e.fx.emp + "/transfers/" + back, token: hr}).must(t, 204)
		if !e.lapsed(emp, late.str("id")) {
			t.Fatal("the approved day after the withdrawn return is not marked")
		}
		if a, n, m := e.lapsedTold(late.str("id")); a != 1 || n != 1 || m != 1 {
			t.Fatalf("marked and told once: %d audits, %d to the applicant, %d to the approver", a, n, m)
		}
		// The earlier request is not told again.
		if a, n, m := e.lapsedTold(early.str("id")); a != 1 || n != 1 || m != 1 {
			t.Fatalf("the earlier request was told again: %d %d %d", a, n, m)
		}
	})
}

// recheckCase approves a request on a reason that a later change, made where nothing rechecks (a personnel
// system writing the employment type straight into the database), takes away:
// 長与町 「会計年度任用職員を除く」-style eligibility by employment type.
func (e *env) recheckCase() (requestID string) {
	e.t.Helper()
	id := e.approvedBeforeTypeChange()
	if err := e.db.Gorm.Exec("UPDATE employees SET employment_type = ? WHERE id = ?", "fiscal_year", e.fx.emp).Error; err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) approvedBeforeTypeChange() (requestID string) {
	e.t.Helper()
	emp, sup := e.login(empEmail), e.login(supEmail)
	e.storePolicy(rulesPolicy("v1", "", "eligibility: {employment_types: [regular, reappointed]}"))
	r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: emp, body: telework([]string{"2026-12-09", "2026-12-10"}, "general", nil)}).must(e.t, 201)
	e.decideTask(sup, taskAt(r, 0)["id"].(string), "approve", nil, 200)
	return r.str("id")
}

// The administrator's edit of the employment type rechecks at once: both sides are told without waiting for the
// daily run, and the daily run tells nobody again.
func TestEmploymentTypeEditRechecksAtOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		w := e.startWorker(jobs.Options{})
		id := e.approvedBeforeTypeChange()
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.emp, token: e.login(adminEmail),
			body: map[string]any{"employment_type": "fiscal_year"}}).must(t, 200)
		if !e.lapsed(e.login(empEmail), id) {
			t.Fatal("the edit did not mark the request")
		}
		w.run(t, args.RecheckLive{})
		if a, n, m := e.lapsedTold(id); a != 1 || n != 1 || m != 1 {
			t.Fatalf("marked and told once: %d audits, %d to the applicant, %d to the approver", a, n, m)
		}
	})
}

// The daily recheck catches a reason that lapsed without a write that rechecks: the request is marked, and the
// applicant and the approver are told, once; the next day's run finds nothing new.
func TestDailyRecheckMarksALapsedRequestOnce(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		w := e.startWorker(jobs.Options{})
		id := e.recheckCase()
		untouched := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: e.login(otherEmail),
			body: telework([]string{"2026-12-09"}, "general", nil)}).must(t, 201).str("id")
		w.run(t, args.RecheckLive{})
		if !e.lapsed(e.login(empEmail), id) {
			t.Fatal("the daily recheck did not mark the request")
		}
		if a, n, m := e.lapsedTold(id); a != 1 || n != 1 || m != 1 {
			t.Fatalf("marked and told once: %d audits, %d to the applicant, %d to the approver", a, n, m)
		}
		e.clock.Set(start.AddDate(0, 0, 1))
		w.run(t, args.RecheckLive{})
		if a, n, m := e.lapsedTold(id); a != 1 || n != 1 || m != 1 {
			t.Fatalf("the second day told again: %d audits, %d to the applicant, %d to the approver", a, n, m)
		}
		if a, _, _ := e.lapsedTold(untouched); a != 0 {
			t.Fatal("a request whose reason holds was marked")
		}
	})
}

// Three worker processes run the recheck three times each at once: the request is marked and told once.
func TestDailyRecheckActsOnceAcrossThreeProcesses(t *testing.T) {
	e := newEnv(t, models.Postgres, 60)
	id := e.recheckCase()
	ws := e.workerProcesses(3, jobs.Options{MaxWorkers: 8})
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			for range 3 {
				if err := w.q.Insert(context.Background(), args.RecheckLive{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	waitFor(t, 60*time.Second, "the recheck jobs", func() bool {
		var n int64
		e.db.Gorm.Table("river_job").Where("kind = ? AND state = ?", (args.RecheckLive{}).Kind(), "completed").Count(&n)
		return n == 9
	})
	if a, n, m := e.lapsedTold(id); a != 1 || n != 1 || m != 1 {
		t.Fatalf("%d audits, %d notices to the applicant and %d to the approver, want one each", a, n, m)
	}
}
