package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testdata/booking.log is what PostgreSQL 15 logged (log_statement=all,
// log_line_prefix '%m [%p] ') for one POST /bookings of a smoke run, between
// the load generator's two markers (pid 29645): pgx's ping, the token check,
// the transaction, the answer's names.
func readBookingLog(t *testing.T) []Statement {
	t.Helper()
	f, err := os.Open("testdata/booking.log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stmts, err := ParseLog(f)
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

func TestCapturedBookingIsTwentyOneStatements(t *testing.T) {
	txs := Transactions(readBookingLog(t), 29645, captureMarker)
	if len(txs) != 1 {
		t.Fatalf("%d requests between the markers, want 1", len(txs))
	}
	tx := txs[0]
	// 21 statements, as the issue counted them; the ping, BEGIN and COMMIT
	// are logged but not counted.
	if n := CountStatements(tx); n != 21 {
		t.Errorf("counted %d statements, want 21", n)
	}
	if len(tx) != 24 || tx[0].SQL != "-- ping" || tx[4].SQL != "begin" || tx[len(tx)-1].SQL != "commit" {
		t.Errorf("%d statements logged, first %q, fifth %q, last %q", len(tx), tx[0].SQL, tx[4].SQL, tx[len(tx)-1].SQL)
	}
	ins := tx[bookingInsert(tx)]
	if !strings.HasPrefix(ins.SQL, `INSERT INTO "bookings" ("id","organization_id"`) || len(ins.Params) != 18 {
		t.Errorf("the insert: %q with %d parameters", clip(ins.SQL, 60), len(ins.Params))
	}
	if ins.Params[5].Value != "2027-05-31 23:30:00+00" || !ins.Params[8].Null {
		t.Errorf("start_at %q, cancelled_at %+v", ins.Params[5].Value, ins.Params[8])
	}
}

func TestPgbenchScriptReplaysTheStatementsWithNewIdsAndTimes(t *testing.T) {
	tx := Transactions(readBookingLog(t), 29645, captureMarker)[0]
	day := time.Date(2027, 6, 1, 0, 0, 0, 0, jst)
	script, err := PgbenchScript(tx, Window{From: day.AddDate(0, 0, -3), To: day.AddDate(0, 0, 4)})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(script), "\n")
	// Three variables drawn (the shift, the booking's id, the audit event's
	// id), then the 23 statements: everything but pgx's ping.
	if len(lines) != 3+23 || lines[0] != `\set kb_shift random(1, 4000000000)` || !strings.HasPrefix(lines[2], `\set kb_id2 `) {
		t.Fatalf("%d lines:\n%s", len(lines), script)
	}
	if strings.Contains(script, "$1") || strings.Contains(script, "-- ping") {
		t.Error("a placeholder or the ping is left in the script")
	}
	ins := lines[3+bookingInsert(tx)-1]
	if !strings.HasPrefix(ins, `INSERT INTO "bookings"`) ||
		!strings.Contains(ins, `VALUES (('01a2221f-4050-789f-8292-' || (:kb_id1)::text)::uuid,`) ||
		!strings.Contains(ins, `('2027-05-31 23:30:00+00'::timestamptz + (:kb_shift)::bigint * interval '30 minutes')`) {
		t.Errorf("the insert: %s", ins)
	}
	// The audit event names the new booking by its new id, as target_id.
	audit := lines[3+bookingInsert(tx)]
	if strings.Count(audit, "(:kb_id1)") != 1 || strings.Count(audit, "(:kb_id2)") != 1 {
		t.Errorf("the audit insert: %s", audit)
	}
	// The creation time (the fixed clock, months before) stays as captured.
	if !strings.Contains(ins, `'2026-11-30 22:00:00+00'`) {
		t.Errorf("created_at moved: %s", ins)
	}
	// Only the booking's day moved in the reads: the token's expiry check
	// compares with "now", which must not.
	if !regexp.MustCompile(`family_expires_at > '2026-11-30 22:00:00\+00'`).MatchString(script) {
		t.Error("the session check's instant moved")
	}
}

func TestParseParams(t *testing.T) {
	cases := []struct {
		in   string
		want []Param
		bad  bool
	}{
		{in: "$1 = 'a'", want: []Param{{Value: "a"}}},
		{in: "$1 = NULL, $2 = 'b'", want: []Param{{Null: true}, {Value: "b"}}},
		{in: "$1 = 'it''s', $2 = ''", want: []Param{{Value: "it's"}, {Value: ""}}},
		{in: `$1 = '{"a":"x, $2 = y"}', $2 = 't'`, want: []Param{{Value: `{"a":"x, $2 = y"}`}, {Value: "t"}}},
		{in: "$1 = 'two\nlines'", want: []Param{{Value: "two\nlines"}}},
		{in: "$1 = 'unterminated", bad: true},
		{in: "$2 = 'out of order'", bad: true},
		{in: "$1 = 42", bad: true},
	}
	for _, c := range cases {
		got, err := parseParams(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: want an error, got %+v", c.in, got)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%q: %+v %v", c.in, got, err)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: $%d = %+v, want %+v", c.in, i+1, got[i], c.want[i])
			}
		}
	}
}

func TestBindLeavesQuotedTextAlone(t *testing.T) {
	st := Statement{SQL: `SELECT '$1', "$2", $1, $10 FROM t WHERE a = $2`, Params: make([]Param, 10)}
	for i := range st.Params {
		st.Params[i].Value = string(rune('a' + i))
	}
	got, err := bind(st, func(p Param) string { return "<" + p.Value + ">" })
	if err != nil {
		t.Fatal(err)
	}
	if want := `SELECT '$1', "$2", <a>, <j> FROM t WHERE a = <b>`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := bind(Statement{SQL: "SELECT $3", Params: make([]Param, 2)}, func(Param) string { return "" }); err == nil {
		t.Error("a placeholder without its parameter must be an error")
	}
}

func TestTransactionsSplitAtMarkersOnly(t *testing.T) {
	s := func(pid int, sql string) Statement { return Statement{PID: pid, SQL: sql} }
	stmts := []Statement{
		s(2, "before the first marker"),
		s(1, "SELECT 'm'"), s(2, "a1"), s(3, "a2"), s(1, "SELECT 1"), // our own other statement
		s(1, "SELECT 'm'"), s(2, "b1"),
		s(1, "SELECT 'm'"),
		s(2, "after the last marker"),
	}
	txs := Transactions(stmts, 1, "'m'")
	if len(txs) != 2 || len(txs[0]) != 2 || txs[0][1].SQL != "a2" || len(txs[1]) != 1 || txs[1][0].SQL != "b1" {
		t.Fatalf("%+v", txs)
	}
}

func TestInsertedIDs(t *testing.T) {
	cases := map[string][]int{
		`INSERT INTO "bookings" ("id","a") VALUES ($1,$2)`:                 {1},
		`INSERT INTO "x" ("a","id") VALUES ($1,$2),($3,$4) RETURNING "id"`: {2, 4},
		`insert into audit_events (organization_id, id) values ($1, $2)`:   {2},
		`INSERT INTO "x" ("a") VALUES ($1)`:                                nil,
		`SELECT * FROM x WHERE id = $1`:                                    nil,
	}
	for sql, want := range cases {
		got := insertedIDs(sql)
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", sql, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", sql, got, want)
			}
		}
	}
}
