package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
	"github.com/kinmuchi/kinmuchi/models"
)

// TestProductionInstallAsTheReadmeSays installs kinmuchi as a municipality
// would: the built binary in production mode on an empty database, then
// `init`, the first steps of the administrator through the API, and a
// partner town added with `org create`.
func TestProductionInstallAsTheReadmeSays(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "kinmuchi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	const (
		adminPW   = "Bandai-setup-2026!"
		staffPW   = "Shokuin-no-aikotoba-7"
		partnerPW = "Inawashiro-setup-2026!"
		secret    = "production-jwt-secret-of-forty-characters!"
	)
	testutil.EachDialect(t, func(t *testing.T, d models.Dialect) {
		env := []string{"KINMUCHI_DATA_DIR=" + t.TempDir(), "KINMUCHI_ADDR=" + freeAddr(t), "KINMUCHI_LOG_LEVEL=info",
			"KINMUCHI_PUBLIC_URL=https://kinmuchi.town.example.lg.jp", "KINMUCHI_JWT_SECRET=" + secret}
		if d == models.Postgres {
			env = append(env, "KINMUCHI_DATABASE_URL="+testutil.PostgresDatabase(t))
		}
		base := "http://" + strings.TrimPrefix(env[1], "KINMUCHI_ADDR=")
		// Nothing of the machine running the test leaks in: no mode, no password.
		clean := func(extra ...string) []string {
			var out []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "KINMUCHI_") {
					out = append(out, kv)
				}
			}
			return append(append(out, env...), extra...)
		}
		server, logs := startBinary(t, bin, clean(), "serve")

		// Not ready, and saying why, in the caller's language.
		status, body := readyz(t, base, "en")
		if status != 503 || body["reason"] != "no_organization" || !strings.Contains(body["detail"].(string), "kinmuchi init") {
			t.Fatalf("readyz on an empty database: %d %v", status, body)
		}
		if _, ja := readyz(t, base, "ja"); !strings.Contains(ja["detail"].(string), "組織がまだ登録されていません") {
			t.Fatalf("readyz in Japanese: %v", ja)
		}
		if n := strings.Count(logs.String(), "run `kinmuchi init`"); n != 1 {
			t.Fatalf("the log names kinmuchi init %d times, want once:\n%s", n, logs.String())
		}

		initArgs := []string{"init", "--org-name", "磐梯町", "--org-slug", "bandai-town", "--department", "情報政策課",
			"--admin-email", "admin@town.bandai.example.lg.jp", "--admin-name", "山田 花子", "--admin-employee-number", "A0001"}
		cli := func(stdin string, extraEnv []string, args ...string) (string, error) {
			cmd := exec.Command(bin, args...)
			cmd.Env = clean(extraEnv...)
			if stdin != "" {
				cmd.Stdin = strings.NewReader(stdin)
			}
			out, err := cmd.CombinedOutput()
			if strings.Contains(string(out), adminPW) || strings.Contains(string(out), partnerPW) || strings.Contains(string(out), secret) {
				t.Fatalf("%v printed a secret:\n%s", args, out)
			}
			return string(out), err
		}
		// Without a password: a clear error, and still nothing set up.
		out, err := cli("", nil, initArgs...)
		if err == nil || !strings.Contains(out, "no administrator password given") || !strings.Contains(out, "KINMUCHI_ADMIN_PASSWORD") {
			t.Fatalf("init without a password: %v\n%s", err, out)
		}
		if status, _ := readyz(t, base, "en"); status != 503 {
			t.Fatalf("a refused init made the server ready (%d)", status)
		}
		// A missing flag is named before any password is asked for.
		if out, err := cli(adminPW+"\n", nil, initArgs[:len(initArgs)-2]...); err == nil || !strings.Contains(out, "missing --admin-employee-number") {
			t.Fatalf("init without an employee number: %v\n%s", err, out)
		}
		// A weak password is refused by the same rule as everywhere, named by where it came from.
		if out, err := cli("short\n", nil, initArgs...); err == nil || !strings.Contains(out, "the password (standard input or KINMUCHI_ADMIN_PASSWORD)") {
			t.Fatalf("init with a short password: %v\n%s", err, out)
		}
		out, err = cli(adminPW+"\n", nil, initArgs...)
		if err != nil || !strings.Contains(out, "Created the organisation 磐梯町 (bandai-town)") || !strings.Contains(out, "https://kinmuchi.town.example.lg.jp") {
			t.Fatalf("init: %v\n%s", err, out)
		}
		waitReady(t, base, make(chan error))

		// The administrator's first steps: a department and a member of staff, who signs in.
		admin := signIn(t, base, "admin@town.bandai.example.lg.jp", adminPW)
		var me struct {
			Roles        []string `json:"roles"`
			Organization struct {
				ID, Name string
			} `json:"organization"`
		}
		getJSON(t, base+"/api/v1/me", admin, &me)
		if me.Organization.Name != "磐梯町" || !strings.Contains(strings.Join(me.Roles, ","), "admin") {
			t.Fatalf("/me of the administrator: %+v", me)
		}
		var policy struct {
			EffectiveFrom string `json:"effective_from"`
			BuiltIn       bool   `json:"built_in"`
		}
		getJSON(t, base+"/api/v1/policies/telework", admin, &policy)
		if policy.BuiltIn || policy.EffectiveFrom == "" {
			t.Fatalf("the policy in force is not the stored first version: %+v", policy)
		}
		if status, body := call(base, "PATCH", "/api/v1/organization", admin, map[string]any{"closing_days": []map[string]string{{"date": "2027-04-01", "name": "町制施行記念日"}}}); status != 200 {
			t.Fatalf("the organisation's closing days: %d %v", status, body)
		}
		status, dept := call(base, "POST", "/api/v1/departments", admin, map[string]any{"code": "200", "name": "住民課", "kind": "division", "counter_work": true, "my_number_work": true})
		if status != 201 {
			t.Fatalf("create a department: %d %v", status, dept)
		}
		status, emp := call(base, "POST", "/api/v1/employees", admin, map[string]any{"employee_number": "B0001", "email": "sato@town.bandai.example.lg.jp",
			"family_name": "佐藤", "given_name": "一郎", "department_id": dept["id"], "password": staffPW})
		if status != 201 {
			t.Fatalf("create an employee: %d %v", status, emp)
		}
		if status, body := call(base, "PATCH", "/api/v1/employees/"+emp["id"].(string), admin, map[string]any{"roles": []string{"employee", "hr"}}); status != 200 {
			t.Fatalf("give the employee a role: %d %v", status, body)
		}
		staff := signIn(t, base, "sato@town.bandai.example.lg.jp", staffPW)
		getJSON(t, base+"/api/v1/me", staff, &me)

		// A second init is refused, saying why; the first organisation is untouched.
		out, err = cli("", []string{"KINMUCHI_ADMIN_PASSWORD=" + partnerPW}, initArgs...)
		if err == nil || !strings.Contains(out, "already has an organisation") || !strings.Contains(out, "kinmuchi org create") {
			t.Fatalf("second init: %v\n%s", err, out)
		}

		// A partner town with its own administrator, who sees nothing of the first.
		orgArgs := []string{"org", "create", "--org-name", "猪苗代町", "--org-slug", "inawashiro-town", "--department", "総務課",
			"--admin-email", "admin@town.inawashiro.example.lg.jp", "--admin-name", "鈴木　次郎", "--admin-employee-number", "A0001"}
		dup := append([]string{}, orgArgs...)
		dup[5] = "bandai-town"
		if out, err := cli("", []string{"KINMUCHI_ADMIN_PASSWORD=" + partnerPW}, dup...); err == nil || !strings.Contains(out, "--org-slug: An organisation with this slug already exists") {
			t.Fatalf("org create with a slug in use: %v\n%s", err, out)
		}
		if out, err := cli("", []string{"KINMUCHI_ADMIN_PASSWORD=" + partnerPW}, orgArgs...); err != nil || !strings.Contains(out, "Created the organisation 猪苗代町") {
			t.Fatalf("org create: %v\n%s", err, out)
		}
		partner := signIn(t, base, "admin@town.inawashiro.example.lg.jp", partnerPW)
		var list struct {
			Items []struct{ ID, Name string } `json:"items"`
		}
		getJSON(t, base+"/api/v1/departments", partner, &list)
		if len(list.Items) != 1 || list.Items[0].Name != "総務課" {
			t.Fatalf("the partner's departments: %+v", list.Items)
		}
		getJSON(t, base+"/api/v1/employees", partner, &list)
		if len(list.Items) != 1 {
			t.Fatalf("the partner sees %d employees", len(list.Items))
		}
		for _, path := range []string{"/api/v1/employees/" + emp["id"].(string), "/api/v1/departments/" + dept["id"].(string)} {
			if status, _ := call(base, "GET", path, partner, nil); status != 404 {
				t.Fatalf("the partner reads %s of the first organisation: %d", path, status)
			}
		}
		var events struct {
			Items []struct {
				Action   string `json:"action"`
				TargetID string `json:"target_id"`
			} `json:"items"`
		}
		getJSON(t, base+"/api/v1/audit-events?limit=200", partner, &events)
		created := 0
		for _, e := range events.Items {
			if e.TargetID == emp["id"] || e.TargetID == dept["id"] || e.TargetID == me.Organization.ID {
				t.Fatalf("the partner's audit trail holds the first organisation's %s", e.Action)
			}
			if strings.HasSuffix(e.Action, "create") || strings.HasSuffix(e.Action, "create_version") {
				created++
			}
		}
		if created != 4 {
			t.Fatalf("the partner's set-up left %d creation events, want 4 (organisation, department, administrator, policy version): %+v", created, events.Items)
		}

		// The README's further steps: staff from a CSV, an office with a space, shared with the partner.
		csv := "職員番号,姓,名,姓（カナ）,名（カナ）,メールアドレス,所属コード\nB0002,高橋,美咲,タカハシ,ミサキ,takahashi@town.bandai.example.lg.jp,200\n"
		for _, step := range []struct {
			query string
			want  int
		}{{"?dry_run=true", 200}, {"", 201}} {
			req, _ := http.NewRequest("POST", base+"/api/v1/employees/import"+step.query, strings.NewReader(csv))
			req.Header.Set("Authorization", "Bearer "+admin)
			req.Header.Set("Content-Type", "text/csv")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var res struct{ Created int }
			_ = json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			if resp.StatusCode != step.want || res.Created != 1 {
				t.Fatalf("import%s: %s, %d created", step.query, resp.Status, res.Created)
			}
		}
		getJSON(t, base+"/api/v1/employees?q=takahashi", admin, &list)
		if len(list.Items) != 1 {
			t.Fatalf("the imported employee: %+v", list.Items)
		}
		if status, body := call(base, "POST", "/api/v1/employees/"+list.Items[0].ID+"/password", admin, map[string]any{"password": staffPW + "-2"}); status != 204 {
			t.Fatalf("set the imported employee's password: %d %v", status, body)
		}
		signIn(t, base, "takahashi@town.bandai.example.lg.jp", staffPW+"-2")
		status, office := call(base, "POST", "/api/v1/offices", admin, map[string]any{"name": "駅前サテライトオフィス", "kind": "satellite", "booking_unit": "30m",
			"opening_hours": []map[string]string{{"weekday": "monday", "opens": "08:30", "closes": "17:15"}, {"weekday": "tuesday", "opens": "08:30", "closes": "17:15"}}})
		if status != 201 {
			t.Fatalf("create an office: %d %v", status, office)
		}
		officeID := office["id"].(string)
		if status, body := call(base, "POST", "/api/v1/offices/"+officeID+"/spaces", admin, map[string]any{"kind": "booth", "name": "B-1", "attributes": []string{"web_camera", "calls_allowed"}}); status != 201 {
			t.Fatalf("create a space: %d %v", status, body)
		}
		getJSON(t, base+"/api/v1/offices", partner, &list)
		if len(list.Items) != 0 {
			t.Fatalf("the partner sees offices before any is shared: %+v", list.Items)
		}
		if status, body := call(base, "PATCH", "/api/v1/offices/"+officeID, admin, map[string]any{"shared_with": []string{"inawashiro-town"}}); status != 200 {
			t.Fatalf("share the office: %d %v", status, body)
		}
		getJSON(t, base+"/api/v1/offices", partner, &list)
		if len(list.Items) != 1 || list.Items[0].ID != officeID {
			t.Fatalf("the partner's offices once one is shared: %+v", list.Items)
		}

		for _, s := range []string{adminPW, staffPW, partnerPW, secret} {
			if strings.Contains(logs.String(), s) {
				t.Fatal("a password or secret reached the server log")
			}
		}
		stopCleanly(t, server)
	})
}

// readyz waits for the server to answer /readyz and returns the answer.
func readyz(t *testing.T, base, lang string) (int, map[string]any) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest("GET", base+"/readyz", nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			return resp.StatusCode, body
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the server never answered /readyz")
	return 0, nil
}

// TestInitAsksForThePasswordOnATerminal types the password twice into a
// real terminal (util-linux's script gives the command one): init reads it
// without echo, so it appears nowhere in what the terminal shows.
func TestInitAsksForThePasswordOnATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("util-linux's script is not installed: no terminal to type into")
	}
	bin := filepath.Join(t.TempDir(), "kinmuchi")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	const pw = "Typed-at-the-terminal-2026"
	line := bin + " init --org-name 試験町 --org-slug tty-town --department 総務課 --admin-email admin@tty.example" +
		" --admin-name '試験 花子' --admin-employee-number 1"
	cmd := exec.Command(script, "-qfec", line, "/dev/null")
	cmd.Env = append(os.Environ(), "KINMUCHI_DATA_DIR="+t.TempDir(), "KINMUCHI_LOG_LEVEL=warn", "KINMUCHI_ADMIN_PASSWORD=")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out testutil.SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Type each answer once its question is on the screen (and the
	// terminal had a moment to stop echoing).
	for _, prompt := range []string{"Password for the administrator:", "The same password again:"} {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(out.String(), prompt) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q on the terminal:\n%s", prompt, out.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		if _, err := io.WriteString(stdin, pw+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("init did not finish:\n%s", out.String())
	}
	if err != nil || !strings.Contains(out.String(), "Created the organisation 試験町 (tty-town)") {
		t.Fatalf("init on a terminal: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), pw) {
		t.Fatalf("the password was echoed:\n%s", out.String())
	}
}
