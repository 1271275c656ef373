package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kinmuchi/kinmuchi/internal/config"
)

// repoRoot is where the deployment files live.
const repoRoot = "../.."

// composeTool returns the command that reads compose files: Debian's
// docker-compose, or the docker CLI's compose plugin. Without either the
// test is skipped on a developer's machine, and fails in CI (CI set), where
// .ci/run installs docker-compose.
func composeTool(t *testing.T) []string {
	t.Helper()
	if p, err := exec.LookPath("docker-compose"); err == nil {
		return []string{p}
	}
	if p, err := exec.LookPath("docker"); err == nil && exec.Command(p, "compose", "version").Run() == nil {
		return []string{p, "compose"}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("neither docker-compose nor `docker compose` is installed; .ci/run installs Debian's docker-compose")
	}
	t.Skip("docker-compose is not installed (apt-get install docker-compose); CI runs this check")
	return nil
}

// composeConfig runs `config` on docker-compose.yml with envFile as its .env,
// in an environment without any of the settings, so that only the file counts.
func composeConfig(t *testing.T, envFile string) (string, error) {
	t.Helper()
	args := append(composeTool(t), "--env-file", envFile, "-f", "docker-compose.yml", "config")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = repoRoot
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KINMUCHI_") && !strings.HasPrefix(kv, "POSTGRES_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

type mount struct {
	Type   string `yaml:"type"`
	Source string `yaml:"source"`
	Target string `yaml:"target"`
}

// UnmarshalYAML reads both forms `config` prints: docker-compose 1.x the
// short "source:target:mode", the compose plugin the long mapping.
func (m *mount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		parts := strings.Split(n.Value, ":")
		switch len(parts) {
		case 1:
			m.Type, m.Target = "volume", parts[0] // an anonymous volume
			return nil
		default:
			m.Source, m.Target = parts[0], parts[1]
		}
		m.Type = "volume"
		if strings.HasPrefix(m.Source, "/") || strings.HasPrefix(m.Source, ".") {
			m.Type = "bind"
		}
		return nil
	}
	type plain mount
	return n.Decode((*plain)(m))
}

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []mount           `yaml:"volumes"`
		ReadOnly    bool              `yaml:"read_only"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// TestComposeFileWithTheSampleSettings: `docker-compose config` accepts the
// compose file with .env.example, every volume is used, PostgreSQL keeps its
// data in a named volume, and kinmuchi's resolved settings pass its own
// start-up checks in production mode.
func TestComposeFileWithTheSampleSettings(t *testing.T) {
	out, err := composeConfig(t, ".env.example")
	if err != nil {
		t.Fatalf("docker-compose config with .env.example: %v\n%s", err, out)
	}
	var f composeFile
	if err := yaml.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("the resolved compose file: %v\n%s", err, out)
	}
	used := map[string]bool{}
	for name, s := range f.Services {
		for _, v := range s.Volumes {
			if v.Type == "volume" {
				used[v.Source] = true
			}
			if v.Type == "bind" {
				t.Errorf("%s binds a host folder (%s): its owner would not match the container's user", name, v.Source)
			}
		}
	}
	for v := range f.Volumes {
		if !used[v] {
			t.Errorf("volume %q is declared but no service uses it", v)
		}
	}
	db, app := f.Services["db"], f.Services["kinmuchi"]
	if !slices.ContainsFunc(db.Volumes, func(v mount) bool {
		return v.Source == "pgdata" && v.Target == "/var/lib/postgresql/data"
	}) {
		t.Errorf("PostgreSQL's data folder is not in the named volume pgdata: %+v", db.Volumes)
	}
	// kinmuchi on PostgreSQL writes one file, the audit checkpoints' copy
	// outside the database, in /data (the image's, owned by 65532, so the
	// named volume starts writable); a read-only root proves it writes
	// nothing else.
	if len(app.Volumes) != 1 || app.Volumes[0].Source != "kinmuchi-data" || app.Volumes[0].Target != "/data" || !app.ReadOnly {
		t.Errorf("kinmuchi: volumes %+v, read-only %v", app.Volumes, app.ReadOnly)
	}
	cfg, err := config.Load(func(k string) string { return app.Environment[k] })
	if err == nil {
		err = cfg.CheckSecrets()
	}
	if err != nil {
		t.Fatalf("kinmuchi's settings in the compose file fail its start-up checks: %v", err)
	}
	if cfg.Embedded() || cfg.Mode != config.ModeProduction || !strings.HasPrefix(cfg.PublicURL, "https://") {
		t.Fatalf("kinmuchi runs in %s mode on %v with public URL %q", cfg.Mode, cfg.DatabaseURL != "", cfg.PublicURL)
	}
}

// TestComposeFileNamesMissingSecrets: without a .env the file refuses to
// start rather than run with empty secrets, and says what to set.
func TestComposeFileNamesMissingSecrets(t *testing.T) {
	empty := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := composeConfig(t, empty)
	if err == nil || !strings.Contains(out, "POSTGRES_PASSWORD") {
		t.Fatalf("config without settings: %v\n%s", err, out)
	}
}
