package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
	"github.com/kinmuchi/kinmuchi/services"
)

// TestLedgerUnderRandomOperations applies random operations in a random
// order: requests submitted (full days and mornings, by two people),
// approved, rejected, withdrawn and cancelled; leave entered and removed;
// satellite bookings made and cancelled; HR's corrections made and
// withdrawn; transfers entered and withdrawn. After it, rebuilding the
// month repairs nothing (the incremental path kept the ledger exactly), and
// the attendance counters agree with the ledger on every department-day.
func TestLedgerUnderRandomOperations(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		for _, seed := range []uint64{1, 2} {
			t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { randomLedger(t, d, seed) })
		}
	})
}

func randomLedger(t *testing.T, d models.Dialect, seed uint64) {
	e := newEnv(t, d)
	e.storePolicy(floorWarns(withRoute(supervisorOnlyRoute)))
	rng := rand.New(rand.NewPCG(seed, 2026))
	admin, hr := e.login(adminEmail), e.login(hrEmail)
	o := e.seedOffices(admin)
	people := []struct{ id, token, approver string }{
		{e.fx.emp, e.login(empEmail), e.login(supEmail)},
		{e.fx.sup, e.login(supEmail), e.login(headEmail)},
	}
	// Few days, so that operations meet on the same day often.
	days := []string{"2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	type live struct {
		id, token, approver string
		approved            bool
	}
	var requests []live
	var bookings []string
	var transfers [][2]string // employee, transfer id
	ops := map[string]int{}
	for i := 0; i < 120; i++ {
		p := people[rng.IntN(len(people))]
		switch op := rng.IntN(9); op {
		case 0, 1: // a request
			body := telework([]string{pick(days)}, "general", nil)
			if rng.IntN(3) == 0 {
				body["unit"] = "am"
			}
			if rng.IntN(4) == 0 {
				body["place"], body["office_id"] = "satellite", o.shared
			}
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests", token: p.token, body: body})
			if r.status == 201 {
				requests = append(requests, live{id: r.str("id"), token: p.token, approver: p.approver})
				ops["submit"]++
			}
		case 2: // a decision
			if len(requests) == 0 {
				continue
			}
			i := rng.IntN(len(requests))
			action := "approve"
			if rng.IntN(3) == 0 {
				action = "reject"
			}
			r := e.do(req{method: "POST", path: "/api/v1/telework-requests/" + requests[i].id + "/" + action, token: requests[i].approver, body: map[string]any{"comment": "確認しました"}})
			if r.status == 200 {
				ops[action]++
				requests[i].approved = action == "approve"
			}
		case 3: // withdraw or cancel
			if len(requests) == 0 {
				continue
			}
			i := rng.IntN(len(requests))
			action := "withdraw"
			if requests[i].approved {
				action = "cancel"
			}
			if r := e.do(req{method: "POST", path: "/api/v1/telework-requests/" + requests[i].id + "/" + action, token: requests[i].token}); r.status == 200 {
				ops[action]++
			}
		case 4: // leave
			body := map[string]any{"days": []map[string]any{{"employee_id": p.id, "date": pick(days), "portion": []string{"full", "am"}[rng.IntN(2)]}}}
			e.do(req{method: "POST", path: "/api/v1/leave", token: hr, body: body}).must(t, 200)
			ops["leave"]++
		case 5: // leave removed
			if r := e.do(req{method: "DELETE", path: "/api/v1/leave/" + p.id + "/" + pick(days), token: hr}); r.status == 204 {
				ops["leave removed"]++
			}
		case 6: // a satellite booking, or one cancelled
			if len(bookings) > 0 && rng.IntN(2) == 0 {
				i := rng.IntN(len(bookings))
				if r := e.do(req{method: "POST", path: "/api/v1/bookings/" + bookings[i] + "/cancel", token: people[0].token}); r.status == 200 {
					ops["booking cancelled"]++
				}
				continue
			}
			day := pick(days)
			if r := e.book(people[0].token, o.a1, day+"T13:00:00+09:00", day+"T15:00:00+09:00"); r.status == 201 {
				bookings = append(bookings, r.str("id"))
				ops["booking"]++
			}
		case 7: // a correction, or one withdrawn
			day := pick(days)
			if rng.IntN(2) == 0 {
				e.do(req{method: "PUT", path: "/api/v1/attendance/" + p.id + "/" + day, token: hr,
					body: map[string]any{"location": []string{"office", "elsewhere"}[rng.IntN(2)], "portion": "full", "reason": "確認の結果"}}).must(t, 200)
				ops["correction"]++
			} else if r := e.do(req{method: "DELETE", path: "/api/v1/attendance/" + p.id + "/" + day + "/correction", token: hr}); r.status == 204 {
				ops["correction withdrawn"]++
			}
		case 8: // a transfer, or one withdrawn
			if len(transfers) > 0 && rng.IntN(2) == 0 {
				i := rng.IntN(len(transfers))
				if r := e.do(req{method: "DELETE", path: "/api/v1/employees/" + transfers[i][0] + "/transfers/" + transfers[i][1], token: hr}); r.status == 204 {
					ops["transfer withdrawn"]++
					transfers = append(transfers[:i], transfers[i+1:]...)
				}
				continue
			}
			to := []string{e.fx.dGeneral, e.fx.dCitizens, e.fx.dAffairs}[rng.IntN(3)]
			r := e.do(req{method: "POST", path: "/api/v1/employees/" + p.id + "/transfers", token: hr,
				body: map[string]any{"department_id": to, "effective_from": pick(days)}})
			if r.status == 201 {
				transfers = append(transfers, [2]string{p.id, r.str("id")})
				ops["transfer"]++
			}
		}
	}
	t.Logf("seed %d: %v", seed, ops)

	snapshot := func() []models.WorkDay {
		var ws []models.WorkDay
		if err := e.db.Gorm.Order("employee_id, day").Find(&ws).Error; err != nil {
			t.Fatal(err)
		}
		for i := range ws {
			ws[i].UpdatedAt = ws[i].UpdatedAt.UTC()
		}
		return ws
	}
	before := snapshot()
	checkLedgerAgreesWithCounters(t, e.db.Gorm)
	svc := services.New(services.Config{DB: e.db.Gorm, Clock: e.clock, JWTSecret: testSecret, Issuer: "kinmuchi"})
	from, _ := policies.ParseDate("2026-12-01")
	to, _ := policies.ParseDate("2026-12-31")
	repairs, err := svc.Ledger.Rebuild(context.Background(), "", from, to)
	if err != nil || len(repairs) != 0 {
		t.Fatalf("the rebuild repaired %v (%v): the incremental path missed them", repairs, err)
	}
	if after := snapshot(); !reflect.DeepEqual(before, after) {
		t.Fatalf("the rebuild changed the ledger:\nbefore %v\nafter  %v", before, after)
	}
	if len(before) == 0 {
		t.Fatal("the operations left no ledger entry: the test proves nothing")
	}
	// The write path reads the days' facts in one statement on PostgreSQL:
	// it must read what the table-by-table queries read.
	ask := append([]string{"2026-12-06"}, days...)
	for _, p := range people {
		one, err := models.WorkDays{}.Facts(context.Background(), e.db.Gorm, e.fx.alpha, p.id, ask)
		if err != nil {
			t.Fatal(err)
		}
		each, err := models.WorkDays{}.FactsByTable(context.Background(), e.db.Gorm, e.fx.alpha, p.id, ask)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := factsView(one), factsView(each); !reflect.DeepEqual(a, b) {
			t.Errorf("facts of %s in one statement:\n%v\ntable by table:\n%v", p.id, a, b)
		}
	}
}

// factsView is what the ledger and the counters use of day facts, in a
// stable order.
func factsView(f *models.DayFacts) []string {
	out := []string{fmt.Sprint("org ", f.TimeZone, " ", f.CalendarVersion, " dept ", f.DepartmentID)}
	add := func(kind string, v ...any) { out = append(out, kind+" "+fmt.Sprint(v...)) }
	str := func(s *string) string {
		if s == nil {
			return "-"
		}
		return *s
	}
	for _, l := range f.Leave {
		add("leave", l.Day, l.Kind, l.Portion)
	}
	for _, a := range f.Approved {
		add("approved", a.Day, a.RequestID, a.Unit, a.Minutes, a.Place, str(a.OfficeID))
	}
	for _, d := range f.Live {
		add("live", d.Day, d.RequestID, d.DepartmentID, d.Unit)
	}
	for _, b := range f.Bookings {
		in := "-"
		if b.CheckedInAt != nil {
			in = b.CheckedInAt.UTC().String()
		}
		add("booking", b.OfficeID, b.StartAt.UTC(), b.EndAt.UTC(), in, b.MainBuilding)
	}
	for _, h := range f.History {
		to := "-"
		if h.ValidTo != nil {
			to = h.ValidTo.String()
		}
		add("history", h.DepartmentID, h.ValidFrom, to)
	}
	for _, w := range f.Stored {
		add("stored", w.Day, w.DepartmentID, w.Location, w.Portion, w.Minutes, str(w.OfficeID), str(w.RequestID), w.Actual,
			str(w.CorrectedBy), w.Correction, w.UpdatedAt.UTC())
	}
	slices.Sort(out[1:])
	return out
}
