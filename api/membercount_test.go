package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// TestMemberCountsEqualThePeople: the ratio report counts each department's
// members per day from models.Assignments.MemberCounts (stretches counted
// by the database) where it once expanded every person's assignment. On the
// fixture with a transfer in the month, one after it, someone deactivated
// in the month and someone deactivated before it, the counts are the same
// per department and day, for the whole organisation and for one
// department's subtree.
func TestMemberCountsEqualThePeople(t *testing.T) {
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		e := newEnv(t, d)
		jst := time.FixedZone("JST", 9*3600)
		e.clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, jst))
		admin := e.login(adminEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.other, token: admin, body: map[string]any{"active": false}}).must(t, 200)
		e.clock.Set(start)
		hr := e.login(hrEmail)
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.sup + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dCitizens, "effective_from": "2026-12-10"}}).must(t, 201)
		e.do(req{method: "POST", path: "/api/v1/employees/" + e.fx.emp + "/transfers", token: hr,
			body: map[string]any{"department_id": e.fx.dGeneral, "effective_from": "2027-01-05"}}).must(t, 201)
		e.clock.Set(time.Date(2026, 12, 16, 8, 0, 0, 0, jst)) // the 15th in UTC
		admin = e.login(adminEmail)
		e.do(req{method: "PATCH", path: "/api/v1/employees/" + e.fx.head, token: admin, body: map[string]any{"active": false}}).must(t, 200)

		from, to := "2026-12-01", "2026-12-31"
		since := time.Date(2026, 12, 1, 0, 0, 0, 0, jst)
		var days []string
		for d, _ := policies.ParseDate(from); d.String() <= to; d = d.AddDays(1) {
			days = append(days, d.String())
		}
		ctx := context.Background()
		for _, depts := range [][]string{nil, {e.fx.dGeneral, e.fx.dAffairs}} {
			people, err := models.Assignments{}.Members(ctx, e.db.Gorm, e.fx.alpha, from, to, since, depts)
			if err != nil {
				t.Fatal(err)
			}
			counted, err := models.Assignments{}.MemberCounts(ctx, e.db.Gorm, e.fx.alpha, from, to, since, depts)
			if err != nil {
				t.Fatal(err)
			}
			if len(counted) >= len(people) {
				t.Errorf("%d rows counted for %d people: nothing was grouped", len(counted), len(people))
			}
			want, got := map[string]int{}, map[string]int{}
			spread := func(into map[string]int, dept string, validFrom models.Day, validTo *models.Day, active bool, gone *time.Time, n int) {
				for _, day := range days {
					in := day >= validFrom.String() && (validTo == nil || day < validTo.String())
					if !active && gone != nil && day >= gone.In(jst).Format(time.DateOnly) {
						in = false
					}
					if in {
						into[dept+" "+day] += n
					}
				}
			}
			for _, p := range people {
				spread(want, p.DepartmentID, p.ValidFrom, p.ValidTo, p.Active, p.DeactivatedAt, 1)
			}
			for _, c := range counted {
				spread(got, c.DepartmentID, c.ValidFrom, c.ValidTo, c.Active, c.DeactivatedAt, c.N)
			}
			if fmt.Sprint(want) != fmt.Sprint(got) {
				t.Errorf("departments %v:\nper person %v\ncounted    %v", depts, want, got)
			}
			// The fixture moves: 総務課 loses the 課長 on the 10th, 総務部
			// its head on the 16th (deactivated that morning, Japan time).
			if depts != nil {
				if want[e.fx.dAffairs+" 2026-12-09"]-want[e.fx.dAffairs+" 2026-12-10"] != 1 ||
					want[e.fx.dGeneral+" 2026-12-15"]-want[e.fx.dGeneral+" 2026-12-16"] != 1 {
					t.Errorf("the fixture's moves are not in the counts: %v", want)
				}
			}
		}
	})
}
