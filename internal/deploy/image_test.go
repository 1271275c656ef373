package deploy

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/kinmuchi/kinmuchi/internal/testutil"
)

// instruction is one line of the Dockerfile, continuations joined.
type instruction struct {
	op   string // upper case: FROM, RUN, COPY …
	args string
	line int
}

func readDockerfile(t *testing.T) []instruction {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		cur.WriteString(line)
		op, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{op: strings.ToUpper(op), args: strings.TrimSpace(args), line: start})
		cur.Reset()
	}
	return out
}

func dockerignore(t *testing.T) *patternmatcher.PatternMatcher {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return pm
}

// TestDockerignoreKeepsSecretsOut: the build context (everything sent to the
// Docker daemon, and all that COPY . . can reach) has no local database,
// secrets, history or local builds, and has every source file.
func TestDockerignoreKeepsSecretsOut(t *testing.T) {
	pm := dockerignore(t)
	for path, excluded := range map[string]bool{
		"data/kinmuchi.db": true, "data/jwt-secret": true, "data/demo-password": true, ".git/config": true, ".git": true,
		".env": true, ".env.production": true, "frontend/node_modules/react/index.js": true, "node_modules/x/y.js": true,
		"frontend/dist/index.html": true, "frontend/dist/assets/app.js": true, "bin/kinmuchi": true, "kinmuchi": true, "tls/server.key": true,
		"go.mod": false, "go.sum": false, "cmd/kinmuchi/main.go": false, "frontend/embed.go": false, "frontend/fallback/index.html": false,
		"frontend/package.json": false, "frontend/package-lock.json": false, "frontend/src/main.tsx": false, "api/openapi.yaml": false,
		"policies/default_policy.yaml": false, "models/migrations/postgres/00001_foundation.sql": false,
	} {
		got, err := pm.MatchesOrParentMatches(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != excluded {
			t.Errorf("%s: left out of the build context %v, want %v", path, got, excluded)
		}
	}
}

// buildContext copies the repository as `docker build` would send it.
func buildContext(t *testing.T, dst string) {
	t.Helper()
	pm := dockerignore(t)
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		skip, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		switch {
		case skip && d.IsDir():
			return filepath.SkipDir
		case skip:
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// copyPath copies a file or a folder's contents as COPY does.
func copyPath(src, dst string, dstIsDir bool) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		if dstIsDir {
			dst = filepath.Join(dst, filepath.Base(src))
		}
		return copyFile(src, dst)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

// stage is one FROM of the Dockerfile, built in its own folder on the host.
type stage struct {
	name, image, root, workdir, user string
	env                              []string
}

func (s *stage) path(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.workdir, p)
	}
	return filepath.Join(s.root, p)
}

var absolutePath = regexp.MustCompile(`(^|[\s=])/`)

// placeholderUI stands in for frontend/ while the UI has not landed in this
// tree: a package without dependencies whose build writes dist/index.html,
// so that the UI stage's commands still run, in order, against npm.
var placeholderUI = map[string]string{
	"package.json": `{"name": "kinmuchi-ui-check", "private": true, "version": "0.0.0",
  "scripts": {"build": "node -e \"require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/index.html','<!doctype html><title>kinmuchi image check</title>')\""}}
`,
	"package-lock.json": `{"name": "kinmuchi-ui-check", "version": "0.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {"": {"name": "kinmuchi-ui-check", "version": "0.0.0"}}}
`,
}

// TestImageBuildSteps runs the Dockerfile's stages on the host: the same
// COPY and RUN steps in the same order, in a copy of the build context that
// .dockerignore filters, with the host's Node.js and Go in place of the
// stages' base images. The image's binary then serves the UI its Node stage
// built. What cannot run here: pulling the base images and the distroless
// runtime itself (no Docker engine).
func TestImageBuildSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the UI and the binary")
	}
	for _, tool := range []string{"npm", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed", tool)
			}
			t.Skipf("%s is not installed: the image's build steps cannot run here", tool)
		}
	}
	work := t.TempDir()
	context := filepath.Join(work, "context")
	buildContext(t, context)
	if _, err := os.Stat(filepath.Join(repoRoot, "frontend", "package.json")); os.IsNotExist(err) {
		t.Log("frontend/package.json is not in this tree yet: the UI stage runs its commands on a placeholder package")
		for name, text := range placeholderUI {
			if err := os.WriteFile(filepath.Join(context, "frontend", name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	stages := map[string]*stage{}
	var cur *stage
	var dataOwner string // the COPY that makes the image's /data
	args := map[string]string{}
	for _, in := range readDockerfile(t) {
		where := fmt.Sprintf("Dockerfile:%d %s %s", in.line, in.op, in.args)
		switch in.op {
		case "FROM":
			f := strings.Fields(in.args)
			cur = &stage{image: f[0], root: filepath.Join(work, fmt.Sprintf("stage%d", len(stages))), workdir: "/"}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				cur.name = f[2]
			}
			stages[cur.name] = cur
			if err := os.MkdirAll(cur.root, 0o755); err != nil {
				t.Fatal(err)
			}
		case "WORKDIR":
			cur.workdir = in.args
			if err := os.MkdirAll(cur.path("."), 0o755); err != nil {
				t.Fatal(err)
			}
		case "ARG":
			k, v, _ := strings.Cut(in.args, "=")
			args[k] = v
			cur.env = append(cur.env, k+"="+v)
		case "ENV":
			cur.env = append(cur.env, strings.Fields(in.args)...)
		case "USER":
			cur.user = in.args
		case "COPY":
			f := strings.Fields(in.args)
			if f[len(f)-1] == "/data" {
				dataOwner = in.args
			}
			from := context
			for len(f) > 0 && strings.HasPrefix(f[0], "--") {
				if name, ok := strings.CutPrefix(f[0], "--from="); ok {
					src, ok := stages[name]
					if !ok {
						t.Fatalf("%s: no stage %q before it", where, name)
					}
					from = src.root
				}
				f = f[1:]
			}
			srcs, dst := f[:len(f)-1], f[len(f)-1]
			toDir := strings.HasSuffix(dst, "/") || len(srcs) > 1
			for _, src := range srcs {
				if err := copyPath(filepath.Join(from, src), cur.path(dst), toDir); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
			}
		case "RUN":
			if absolutePath.MatchString(in.args) {
				t.Fatalf("%s: RUN commands must use paths relative to WORKDIR, so that this test can run them", where)
			}
			cmd := exec.Command("sh", "-c", in.args)
			cmd.Dir = cur.path(".")
			cmd.Env = append(os.Environ(), cur.env...)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", where, err, out)
			}
			t.Logf("%s (%s)", where, time.Since(start).Round(time.Second))
		case "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL":
		default:
			t.Fatalf("%s: this test does not know %s; teach it, so that it keeps running every step", where, in.op)
		}
	}
	final := cur
	if final.user != "65532:65532" && final.user != "nonroot" {
		t.Fatalf("the image runs as %q, not the distroless non-root user", final.user)
	}
	// A volume mounted on /data starts out with the image's owner of /data:
	// it must be the user the image runs as, or the embedded database cannot be written.
	if !strings.Contains(dataOwner, "--chown=65532:65532") {
		t.Fatalf("the image's /data is not owned by the non-root user: COPY %s", dataOwner)
	}
	bin := filepath.Join(final.root, "usr/local/bin/kinmuchi")
	if st, err := os.Stat(filepath.Join(final.root, "data")); err != nil || !st.IsDir() {
		t.Fatalf("the image has no /data folder: %v", err)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "kinmuchi "+args["VERSION"]) {
		t.Fatalf("kinmuchi version: %v %s", err, out)
	}
	// The binary serves the UI the Node stage built, not the fallback page.
	built, err := os.ReadFile(filepath.Join(stages["ui"].path("dist"), "index.html"))
	if err != nil {
		t.Fatalf("the UI stage built no dist/index.html: %v", err)
	}
	addr := testutil.FreeAddr(t)
	serve := exec.Command(bin, "serve")
	serve.Env = append(os.Environ(), "KINMUCHI_ADDR="+addr, "KINMUCHI_DATA_DIR="+t.TempDir(), "KINMUCHI_LOG_LEVEL=warn")
	var logs bytes.Buffer
	serve.Stderr = &logs
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = serve.Process.Kill(); _ = serve.Wait() }()
	var page []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			continue
		}
		page, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		break
	}
	if !bytes.Equal(page, built) {
		t.Fatalf("GET / is not the built UI:\n%s\nlogs:\n%s", page, logs.String())
	}
}
