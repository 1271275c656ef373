package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// matrixWorld is what the authorization matrix acts on: the fixture's two
// organisations, with a deputy, an office manager and a second department in
// the partner organisation added, a permissive policy in both (so that any
// refusal the matrix sees is about who asks, not about the rules), three
// offices and a maker for every kind of object the routes name.
type matrixWorld struct {
	e *env
	t *testing.T
	// people by the matrix's names: id, sign-in address, department, organisation.
	id, email, dept, org map[string]string
	tokens               map[string]string
	// offices: shared (alpha's, managed by mgr, shared with beta), private
	// (alpha's, nobody manages it), foreign (beta's); a seat of each.
	office, seat map[string]string
	// counters that keep made objects apart (dates, slots).
	days, slots, series, delegations map[string]int
	seatsTaken                       map[string]int
	cached                           map[string][2]string
	feedFile                         string
	delivery                         map[string]string
	deptCodes                        map[string]string
	n                                int
	making                           string
}

// matrixPolicy is the test policy without limits, attendance floors or the
// counter-work exclusion.
func matrixPolicy(version, effective string) string {
	return strings.NewReplacer("per_week: 3", "per_week: 7", "per_month: 10", "per_month: 31",
		"min_percent: 40", "min_percent: 0", "excluded_department_flags: [counter, my_number]", "excluded_department_flags: [my_number]").
		Replace(testPolicy(version, effective, ""))
}

func newMatrixWorld(t *testing.T, e *env) *matrixWorld {
	fx := e.fx
	w := &matrixWorld{e: e, t: t,
		id: map[string]string{"emp": fx.emp, "sup": fx.sup, "hr": fx.hr, "admin": fx.admin, "other": fx.other, "head": fx.head,
			"emp2": fx.emp2, "admin2": fx.admin2},
		email: map[string]string{"emp": empEmail, "sup": supEmail, "hr": hrEmail, "admin": adminEmail, "other": otherEmail,
			"head": headEmail, "emp2": emp2Email, "admin2": admin2Email},
		dept: map[string]string{"emp": fx.dAffairs, "sup": fx.dAffairs, "hr": fx.dGeneral, "admin": fx.dGeneral, "other": fx.dCitizens,
			"head": fx.dGeneral, "emp2": fx.dBeta, "admin2": fx.dBeta},
		org:    map[string]string{},
		tokens: map[string]string{}, office: map[string]string{}, seat: map[string]string{},
		days: map[string]int{}, slots: map[string]int{}, series: map[string]int{}, delegations: map[string]int{},
		seatsTaken: map[string]int{}, cached: map[string][2]string{}, delivery: map[string]string{},
		deptCodes: map[string]string{fx.dGeneral: "100", fx.dAffairs: "110", fx.dCitizens: "210", fx.dBeta: "100"},
	}
	for _, p := range []string{"emp", "sup", "hr", "admin", "other", "head"} {
		w.org[p] = fx.alpha
	}
	w.org["emp2"], w.org["admin2"] = fx.beta, fx.beta
	for p, email := range w.email {
		w.tokens[p] = e.login(email)
	}
	admin, admin2 := w.tokens["admin"], w.tokens["admin2"]
	// 市民課 gets a head, so that its people have an approver.
	w.ok("PATCH", "/api/v1/departments/"+fx.dCitizens, admin, `{"head_id":"`+fx.head+`"}`)
	w.person("dep", fx.alpha, fx.dAffairs, admin, fx.sup, "employee")
	w.person("mgr", fx.alpha, fx.dCitizens, admin, fx.head, "employee")
	// Beta: its administrator is also its HR and heads 総務課; a second
	// department with one employee.
	w.ok("PATCH", "/api/v1/employees/"+fx.admin2, admin2, `{"roles":["employee","supervisor","hr","admin"]}`)
	w.tokens["admin2"] = e.login(admin2Email)
	admin2 = w.tokens["admin2"]
	w.ok("PATCH", "/api/v1/departments/"+fx.dBeta, admin2, `{"head_id":"`+fx.admin2+`"}`)
	w.ok("PATCH", "/api/v1/employees/"+fx.emp2, admin2, `{"supervisor_id":"`+fx.admin2+`"}`)
	beta2 := w.ok("POST", "/api/v1/departments", admin2, `{"code":"200","name":"住民課","kind":"division"}`).str("id")
	w.deptCodes[beta2] = "200"
	w.person("emp3", fx.beta, beta2, admin2, "", "employee")
	// Approvers: admin2 heads both departments, and answers to emp3.
	w.ok("PATCH", "/api/v1/departments/"+beta2, admin2, `{"head_id":"`+fx.admin2+`"}`)
	w.ok("PATCH", "/api/v1/employees/"+fx.admin2, admin2, `{"supervisor_id":"`+w.id["emp3"]+`"}`)

	// The live delegation: sup's approvals go to dep from today.
	w.ok("POST", "/api/v1/delegations", w.tokens["sup"], `{"deputy_id":"`+w.id["dep"]+`","starts_on":"2026-12-01","ends_on":"2027-03-31"}`)
	// Both organisations decide under the permissive policy.
	for _, hr := range []string{w.tokens["hr"], admin2} {
		w.ok("POST", "/api/v1/policies/telework/versions", hr, mustJSON(map[string]any{"document": matrixPolicy("matrix", "2026-12-01")}))
	}

	office := func(token, name, extra string) string {
		return w.ok("POST", "/api/v1/offices", token, `{"name":"`+name+`","booking_unit":"30m","max_advance_days":120`+extra+`}`).str("id")
	}
	w.office["shared"] = office(admin, "駅前サテライト", `,"shared_with":["beta-village"],"managers":["`+w.id["mgr"]+`"],"checkin_required":true,"checkin_opens_before_minutes":60`)
	w.office["private"] = office(admin, "北部支所", "")
	w.office["foreign"] = office(admin2, "ベータ村役場分室", "")
	for name, o := range w.office {
		tok := admin
		if name == "foreign" {
			tok = admin2
		}
		w.seat[name] = w.ok("POST", "/api/v1/offices/"+o+"/spaces", tok, `{"name":"S-01","kind":"open_seat","capacity":1}`).str("id")
		for i := 2; i <= 12 && name == "shared"; i++ {
			w.seat[fmt.Sprintf("shared%d", i)] = w.ok("POST", "/api/v1/offices/"+o+"/spaces", tok,
				fmt.Sprintf(`{"name":"S-%02d","kind":"open_seat","capacity":1}`, i)).str("id")
		}
	}
	// Each organisation's webhook, and one test post queued to it.
	for org, tok := range map[string]string{fx.alpha: admin, fx.beta: admin2} {
		w.ok("PATCH", "/api/v1/organization", tok, `{"webhook_url":"https://hooks.example/services/T000/B000"}`)
		w.delivery[org] = w.ok("POST", "/api/v1/organization/webhook/test", tok, "").str("id")
	}
	// other's calendar feed (other acts in no column, so no row replaces it).
	url := w.ok("POST", "/api/v1/me/calendar-feed", w.tokens["other"], "").str("url")
	w.feedFile = url[strings.LastIndex(url, "/")+1:]
	return w
}

// signInAgain signs every column in again (after a row that ends sessions).
func (w *matrixWorld) signInAgain() {
	for p, email := range w.email {
		w.tokens[p] = w.e.login(email)
	}
}

// deptCode is the code of the person's department.
func (w *matrixWorld) deptCode(p string) string { return w.deptCodes[w.dept[p]] }

// transferTarget is a department of the person's organisation to move them
// to (one they are not in after their latest transfer), and a date (a month
// after the last one asked) with no transfer of theirs yet.
func (w *matrixWorld) transferTarget(p string) (dept, from string) {
	fx := w.e.fx
	pair := [2]string{fx.dAffairs, fx.dCitizens}
	if w.org[p] == fx.beta {
		pair = [2]string{fx.dBeta, w.dept["emp3"]}
	}
	var latest string
	w.e.db.Gorm.Table("assignments").Where("employee_id = ?", w.id[p]).Order("valid_from DESC").Limit(1).Pluck("department_id", &latest)
	dept = pair[0]
	if latest == pair[0] {
		dept = pair[1]
	}
	n := w.days["transfer/"+p]
	w.days["transfer/"+p]++
	return dept, time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0).Format(time.DateOnly)
}

// deputyFor is someone of the person's organisation who may stand in for them.
func (w *matrixWorld) deputyFor(p string) string {
	switch {
	case w.org[p] == w.e.fx.beta && p == "emp3":
		return w.id["emp2"]
	case w.org[p] == w.e.fx.beta:
		return w.id["emp3"]
	case p == "head":
		return w.id["hr"]
	}
	return w.id["head"]
}

// person adds an employee with the password of the fixture.
func (w *matrixWorld) person(name, org, dept, admin, supervisor string, roles ...string) {
	in := map[string]any{"employee_number": "M-" + name, "email": name + "@matrix.example", "family_name": "行列",
		"given_name": name, "department_id": dept, "roles": roles, "password": testPassword}
	if supervisor != "" {
		in["supervisor_id"] = supervisor
	}
	body := mustJSON(in)
	w.id[name] = w.ok("POST", "/api/v1/employees", admin, body).str("id")
	w.email[name], w.dept[name], w.org[name] = name+"@matrix.example", dept, org
	w.tokens[name] = w.e.login(w.email[name])
}

// ok sends a request that sets the world up; it must succeed.
func (w *matrixWorld) ok(method, path, token, body string) *res {
	w.t.Helper()
	rq := req{method: method, path: path, token: token}
	if body != "" {
		rq.raw, rq.ctype = []byte(body), "application/json"
	}
	r := w.e.do(rq)
	if r.status < 200 || r.status > 299 {
		w.t.Fatalf("matrix set-up (%s) %s %s: %d %s", w.making, method, path, r.status, r.body)
	}
	return r
}

// hrOf is who enters HR's data in the person's organisation.
func (w *matrixWorld) hrOf(p string) string {
	if w.org[p] == w.e.fx.beta {
		return w.tokens["admin2"]
	}
	return w.tokens["hr"]
}

// day is the person's next working day for a new request, leave or
// correction: each object of a person gets its own date.
func (w *matrixWorld) day(p string) string {
	n := w.days[p]
	w.days[p]++
	return workingDay(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), n).Format(time.DateOnly)
}

// workingDay is the nth working day from from (0: from itself, if it is one).
func workingDay(from time.Time, n int) time.Time {
	for d := from; ; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || closedDay(d) {
			continue
		}
		if n == 0 {
			return d
		}
		n--
	}
}

// closedDay: the year end and the national holidays of the matrix's months.
func closedDay(d time.Time) bool {
	switch d.Format("01-02") {
	case "12-29", "12-30", "12-31", "01-01", "01-02", "01-03", "01-11", "02-11", "02-23", "03-22", "04-29", "05-03", "05-04", "05-05", "07-19", "08-11":
		return true
	}
	return false
}

// slot is a free hour for the person at the shared office: their own hours
// never overlap, and no seat is taken twice. Slots are 09:00–15:00; moves
// go to 15:00 (moveTo).
func (w *matrixWorld) slot(p string) (seat, start, end string) {
	k := w.slots[p]
	w.slots[p]++
	day := workingDay(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), k/6)
	at := fmt.Sprintf("%sT%02d:00:00+09:00", day.Format(time.DateOnly), 9+k%6)
	taken := w.seatsTaken[at]
	w.seatsTaken[at]++
	seat = w.seat["shared"]
	if taken > 0 {
		seat = w.seat[fmt.Sprintf("shared%d", taken+1)]
	}
	return seat, at, at[:11] + fmt.Sprintf("%02d", 10+k%6) + at[13:]
}

// moveTo is an hour no booking has: 15:00 on a day of its own.
func (w *matrixWorld) moveTo() (start, end string) {
	d := workingDay(time.Date(2027, 1, 12, 0, 0, 0, 0, time.UTC), w.days["move"]).Format(time.DateOnly)
	w.days["move"]++
	return d + "T15:00:00+09:00", d + "T16:00:00+09:00"
}

// object gives the {obj} and {sub} of a kind for an owner: the person's
// own when the kind is a person's, else the organisation's or the office's.
// A fresh one is made when asked; else the first made is reused.
func (w *matrixWorld) object(kind, owner string, fresh bool) [2]string {
	key := kind + "/" + owner
	if got, ok := w.cached[key]; ok && !fresh {
		return got
	}
	got := w.make(kind, owner)
	if _, ok := w.cached[key]; !ok {
		w.cached[key] = got
	}
	return got
}

func (w *matrixWorld) make(kind, owner string) [2]string {
	w.t.Helper()
	w.making = kind + " of " + owner
	e, tok, id := w.e, w.tokens[owner], w.id[owner]
	switch kind {
	case "person":
		return [2]string{id}
	case "dept":
		return [2]string{w.dept[owner]}
	case "req":
		return [2]string{w.ok("POST", "/api/v1/telework-requests", tok, mustJSON(telework([]string{w.day(owner)}, "general", nil))).str("id")}
	case "task":
		r := w.ok("POST", "/api/v1/telework-requests", tok, mustJSON(telework([]string{w.day(owner)}, "general", nil)))
		return [2]string{taskAt(r, 0)["id"].(string), r.str("id")}
	case "approved":
		r := w.ok("POST", "/api/v1/telework-requests", tok, mustJSON(telework([]string{w.day(owner)}, "general", nil)))
		task := taskAt(r, 0)
		w.ok("POST", "/api/v1/approvals/"+task["id"].(string)+"/approve", w.tokenOf(task["approver_id"].(string)), `{"confirm":true}`)
		return [2]string{r.str("id")}
	case "returned":
		r := w.ok("POST", "/api/v1/telework-requests", tok, mustJSON(telework([]string{w.day(owner)}, "general", nil)))
		task := taskAt(r, 0)
		w.ok("POST", "/api/v1/approvals/"+task["id"].(string)+"/return", w.tokenOf(task["approver_id"].(string)), `{"comment":"日付を確認してください"}`)
		return [2]string{r.str("id")}
	case "notification":
		w.make("approved", owner)
		items := w.ok("GET", "/api/v1/notifications", tok, "").items()
		return [2]string{items[0]["id"].(string)}
	case "member":
		m := w.ok("POST", "/api/v1/me/family-members", tok, `{"relation":"child","name":"行列花子","birth_date":"2019-06-01","cohabiting":true}`).str("id")
		return [2]string{id, m}
	case "transfer":
		dept, from := w.transferTarget(owner)
		tr := w.ok("POST", "/api/v1/employees/"+id+"/transfers", w.hrOf(owner), `{"department_id":"`+dept+`","effective_from":"`+from+`"}`).str("id")
		return [2]string{id, tr}
	case "record":
		n := w.days["record/"+owner]
		w.days["record/"+owner]++
		from := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0).Format(time.DateOnly)
		w.ok("PUT", "/api/v1/employees/"+id+"/staff-records/"+from, w.hrOf(owner), `{"hire_date":"2010-04-01","employment_type":"regular"}`)
		return [2]string{id, from}
	case "leave":
		day := w.day(owner)
		w.ok("POST", "/api/v1/leave", w.hrOf(owner), `{"days":[{"employee_id":"`+id+`","date":"`+day+`"}]}`)
		return [2]string{id, day}
	case "correction":
		day := w.day(owner)
		w.ok("PUT", "/api/v1/attendance/"+id+"/"+day, w.hrOf(owner), `{"location":"office","portion":"full","reason":"確認の結果"}`)
		return [2]string{id, day}
	case "day":
		return [2]string{id, w.day(owner)}
	case "booking":
		seat, s, en := w.slot(owner)
		return [2]string{w.ok("POST", "/api/v1/bookings", tok, `{"space_id":"`+seat+`","start":"`+s+`","end":"`+en+`"}`).str("id")}
	case "series":
		n := w.series[owner]
		w.series[owner]++
		body := fmt.Sprintf(`{"space_id":"%s","weekdays":["saturday"],"start_time":"%02d:00","end_time":"%02d:30","from":"2027-02-01","until":"2027-02-28"}`,
			w.seat["private"], 9+n%8, 9+n%8)
		if w.org[owner] == e.fx.beta {
			body = strings.Replace(body, w.seat["private"], w.seat["foreign"], 1)
		}
		return [2]string{w.ok("POST", "/api/v1/booking-series", tok, body).str("id")}
	case "delegation":
		n := w.delegations[owner]
		w.delegations[owner]++
		from := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*n)
		return [2]string{w.ok("POST", "/api/v1/delegations", tok, fmt.Sprintf(`{"deputy_id":"%s","starts_on":"%s","ends_on":"%s"}`,
			w.deputyFor(owner), from.Format(time.DateOnly), from.AddDate(0, 0, 2).Format(time.DateOnly))).str("id")}
	case "checkin":
		// A booking of the person from half an hour from now (check-in is
		// open), on a seat of their own, and that seat's check-in code.
		n := w.days["checkin"]
		w.days["checkin"]++
		seat := w.seat[fmt.Sprintf("shared%d", 12-n)]
		b := w.ok("POST", "/api/v1/bookings", tok, `{"space_id":"`+seat+`","start":"2026-12-01T09:30:00+09:00","end":"2026-12-01T10:30:00+09:00"}`).str("id")
		return [2]string{b, w.ok("GET", "/api/v1/spaces/"+seat+"/checkin-code", w.tokens["admin"], "").str("code")}
	case "emergency":
		return [2]string{w.ok("POST", "/api/v1/emergency-periods", w.hrOf(owner),
			`{"name":"台風","kind":"disaster","starts_on":"2027-08-02","ends_on":"2027-08-04"}`).str("id")}
	case "emptydept":
		admin := w.tokens["admin"]
		if w.org[owner] == e.fx.beta {
			admin = w.tokens["admin2"]
		}
		n := w.days["emptydept"]
		w.days["emptydept"]++
		return [2]string{w.ok("POST", "/api/v1/departments", admin, fmt.Sprintf(`{"code":"8%02d","name":"空き課%d","kind":"division"}`, n, n)).str("id")}
	case "delivery":
		return [2]string{w.delivery[w.org[owner]]}
	case "office":
		return [2]string{w.office[owner]}
	case "space":
		return [2]string{w.seat[owner]}
	}
	w.t.Fatalf("matrix: no maker for %q", kind)
	return [2]string{}
}

// tokenOf is the token of the person with the id.
func (w *matrixWorld) tokenOf(id string) string {
	for p, x := range w.id {
		if x == id {
			return w.tokens[p]
		}
	}
	w.t.Fatalf("matrix: nobody has id %s", id)
	return ""
}
