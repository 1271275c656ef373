package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Statement is one SQL statement a server connection executed, as
// PostgreSQL's log_statement=all wrote it, with its bound parameters.
type Statement struct {
	PID    int
	SQL    string
	Params []Param // $1 is Params[0]
}

// Param is one bound parameter as the log prints it (text form).
type Param struct {
	Null  bool
	Value string
}

// logLine is the start of a log entry under log_line_prefix '%m [%p] '.
var logLine = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] ([A-Z]+):  (.*)$`)

// statementText takes the SQL out of a statement entry: the simple protocol
// logs "statement: …", the extended one (pgx's prepared statements)
// "execute <name>: …".
var statementText = regexp.MustCompile(`^(?:statement|execute [^:]+): (?s)(.*)$`)

// ParseLog reads the statements of a PostgreSQL log in the order they were
// logged. An entry's continuation lines (a statement over several lines)
// belong to it; a DETAIL "parameters:" entry belongs to the statement its
// connection logged just before.
func ParseLog(r io.Reader) ([]Statement, error) {
	type entry struct {
		pid        int
		level, msg string
	}
	var entries []entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := logLine.FindStringSubmatch(line); m != nil {
			pid, _ := strconv.Atoi(m[1])
			entries = append(entries, entry{pid, m[2], m[3]})
		} else if len(entries) > 0 {
			entries[len(entries)-1].msg += "\n" + strings.TrimPrefix(line, "\t")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []Statement
	last := map[int]int{} // pid → index in out of its latest statement
	for _, e := range entries {
		switch e.level {
		case "LOG":
			if m := statementText.FindStringSubmatch(e.msg); m != nil {
				last[e.pid] = len(out)
				out = append(out, Statement{PID: e.pid, SQL: strings.TrimSpace(m[1])})
			}
		case "DETAIL":
			rest, ok := strings.CutPrefix(e.msg, "parameters: ")
			i, seen := last[e.pid]
			if !ok || !seen {
				continue
			}
			ps, err := parseParams(rest)
			if err != nil {
				return nil, fmt.Errorf("statement %q: %w", clip(out[i].SQL, 80), err)
			}
			out[i].Params = ps
		}
	}
	return out, nil
}

// parseParams reads "$1 = 'a', $2 = NULL, $3 = 'it”s'".
func parseParams(s string) ([]Param, error) {
	var ps []Param
	for s != "" {
		var n int
		var rest string
		if _, err := fmt.Sscanf(s, "$%d = ", &n); err != nil {
			return nil, fmt.Errorf("parameters: cannot read %q", clip(s, 40))
		}
		_, rest, _ = strings.Cut(s, " = ")
		if n != len(ps)+1 {
			return nil, fmt.Errorf("parameters: $%d where $%d was expected", n, len(ps)+1)
		}
		switch {
		case strings.HasPrefix(rest, "NULL"):
			ps = append(ps, Param{Null: true})
			s = rest[len("NULL"):]
		case strings.HasPrefix(rest, "'"):
			var v strings.Builder
			i := 1
			for ; i < len(rest); i++ {
				if rest[i] == '\'' {
					if i+1 < len(rest) && rest[i+1] == '\'' {
						v.WriteByte('\'')
						i++
						continue
					}
					break
				}
				v.WriteByte(rest[i])
			}
			if i >= len(rest) {
				return nil, fmt.Errorf("parameters: $%d: unterminated value", n)
			}
			ps = append(ps, Param{Value: v.String()})
			s = rest[i+1:]
		default:
			return nil, fmt.Errorf("parameters: $%d: unexpected %q", n, clip(rest, 20))
		}
		s = strings.TrimPrefix(s, ", ")
	}
	return ps, nil
}

// Transactions splits the statements at the marker statements the load
// generator sends from its own connection (selfPID) between requests: the
// statements between two markers are one request's, from whichever pooled
// connections served it.
func Transactions(stmts []Statement, selfPID int, marker string) [][]Statement {
	var out [][]Statement
	var cur []Statement
	open := false
	for _, s := range stmts {
		if s.PID == selfPID {
			if strings.Contains(s.SQL, marker) {
				if open {
					out = append(out, cur)
				}
				cur, open = nil, true
			}
			continue
		}
		if open {
			cur = append(cur, s)
		}
	}
	return out
}

// isTxControl reports BEGIN, COMMIT and ROLLBACK, which the issue's
// statement count leaves out.
func isTxControl(sql string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(sql), ";")) {
	case "begin", "commit", "rollback", "start transaction", "end":
		return true
	}
	return strings.HasPrefix(strings.ToLower(sql), "begin ")
}

// isPing is pgx's liveness check before it reuses a connection idle for
// over a second: never seen under load, so neither counted nor replayed.
func isPing(sql string) bool { return strings.TrimSpace(sql) == "-- ping" }

// CountStatements is the count: every statement of the request,
// the token and session check included, BEGIN and COMMIT not.
func CountStatements(tx []Statement) int {
	n := 0
	for _, s := range tx {
		if !isTxControl(s.SQL) && !isPing(s.SQL) {
			n++
		}
	}
	return n
}

var (
	uuidText    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	insertInto  = regexp.MustCompile(`(?is)^\s*INSERT\s+INTO\s+("?[\w.]+"?)\s*\(([^)]*)\)\s*VALUES\s*(.*)$`)
	placeholder = regexp.MustCompile(`\$(\d+)`)
)

// insertedIDs returns, for an INSERT, the parameter numbers bound to its
// "id" column (one per row): the ids the server made up for new rows.
func insertedIDs(sql string) []int {
	m := insertInto.FindStringSubmatch(sql)
	if m == nil {
		return nil
	}
	cols := strings.Split(m[2], ",")
	idCol := -1
	for i, c := range cols {
		if strings.Trim(strings.TrimSpace(c), `"`) == "id" {
			idCol = i
		}
	}
	if idCol < 0 {
		return nil
	}
	values := m[3]
	if i := strings.Index(strings.ToUpper(values), " ON CONFLICT"); i >= 0 {
		values = values[:i]
	}
	if i := strings.Index(strings.ToUpper(values), " RETURNING"); i >= 0 {
		values = values[:i]
	}
	var out []int
	for _, row := range strings.Split(values, "),") {
		ph := placeholder.FindAllStringSubmatch(row, -1)
		if idCol < len(ph) {
			n, _ := strconv.Atoi(ph[idCol][1])
			out = append(out, n)
		}
	}
	return out
}

// Window is around the booking a captured transaction made: every instant
// and civil date in it (the booking's own, and the bounds of the queries
// around it) is moved by a random number of days in each pgbench
// transaction, so that the replayed bookings never clash.
type Window struct {
	From, To time.Time
}

var instantLayouts = []string{"2006-01-02 15:04:05.999999-07", "2006-01-02 15:04:05.999999-07:00", time.RFC3339Nano}

// PgbenchScript turns one request's statements into a pgbench script that
// runs exactly those statements with their captured values, except that
// new rows get new ids (pgbench variables kb_id1…, so a later statement
// naming the same id names the new one) and the instants and dates of the
// window move by kb_shift half-hours (dates by whole days of it). The
// variables are drawn at the top.
func PgbenchScript(tx []Statement, w Window) (string, error) {
	newID := map[string]string{} // captured id → variable
	var b strings.Builder
	var body strings.Builder
	for _, st := range tx {
		if isPing(st.SQL) {
			continue
		}
		for _, n := range insertedIDs(st.SQL) {
			if n-1 < len(st.Params) && !st.Params[n-1].Null {
				v := st.Params[n-1].Value
				if _, ok := newID[v]; !ok && uuidText.MatchString(v) {
					newID[v] = fmt.Sprintf("kb_id%d", len(newID)+1)
				}
			}
		}
		sql, err := bind(st, func(p Param) string { return literal(p, w, newID) })
		if err != nil {
			return "", err
		}
		body.WriteString(sql)
		body.WriteString(";\n")
	}
	// Up to 4·10⁹ half-hours (228,000 years, inside timestamptz's range): a
	// script replayed a few thousand times books the same person and seat
	// twice at the same time with a probability of about 10⁻³.
	b.WriteString("\\set kb_shift random(1, 4000000000)\n")
	for i := range len(newID) {
		// Twelve decimal digits replace the id's last twelve hex digits:
		// still a well-formed UUID, still ordered by its time prefix.
		fmt.Fprintf(&b, "\\set kb_id%d random(100000000000, 999999999999)\n", i+1)
	}
	b.WriteString(body.String())
	return b.String(), nil
}

// literal is a parameter as SQL text in the script.
func literal(p Param, w Window, newID map[string]string) string {
	if p.Null {
		return "NULL"
	}
	v := p.Value
	if name, ok := newID[v]; ok {
		return "('" + v[:24] + "' || (:" + name + ")::text)::uuid"
	}
	if d, err := time.ParseInLocation(time.DateOnly, v, w.From.Location()); err == nil && !d.Before(w.From) && d.Before(w.To) {
		return "('" + v + "'::date + ((:kb_shift)::bigint / 48)::int)"
	}
	for _, layout := range instantLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			if !t.Before(w.From) && t.Before(w.To) {
				return "('" + v + "'::timestamptz + (:kb_shift)::bigint * interval '30 minutes')"
			}
			break
		}
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// bind replaces the $n placeholders of a statement (outside quoted text and
// identifiers) by what lit makes of its parameters.
func bind(st Statement, lit func(Param) string) (string, error) {
	var out strings.Builder
	sql := st.SQL
	var quote byte
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(sql) && sql[i+1] >= '0' && sql[i+1] <= '9':
			j := i + 1
			for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
				j++
			}
			n, _ := strconv.Atoi(sql[i+1 : j])
			if n < 1 || n > len(st.Params) {
				return "", fmt.Errorf("statement %q names $%d but has %d parameters", clip(sql, 80), n, len(st.Params))
			}
			out.WriteString(lit(st.Params[n-1]))
			i = j - 1
			continue
		}
		out.WriteByte(c)
	}
	return out.String(), nil
}
