package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/kinmuchi/kinmuchi/services"
)

// adminPasswordVar is the one place besides standard input the first
// administrator's password may come from. A flag would leave it in the shell
// history and in every process listing.
const adminPasswordVar = "KINMUCHI_ADMIN_PASSWORD"

var errNoAdminPassword = errors.New("no administrator password given: type it when asked, pipe it on standard input " +
	"(e.g. `kinmuchi init … < password-file`) or set " + adminPasswordVar + "; it is never taken from a flag")

// setupFlags are the flags of `init` and `org create`, and the input field
// each one fills, so that a refused field is reported by its flag.
type setupFlags struct {
	fs                                 *flag.FlagSet
	name, slug, zone, lang, dept, code *string
	email, person, number              *string
}

func newSetupFlags(command string, stderr io.Writer) *setupFlags {
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		what := "the first organisation of an empty database"
		if command != "init" {
			what = "a further organisation (e.g. a partner town)"
		}
		fmt.Fprintf(stderr, "usage: kinmuchi %s [flags]\n\nCreates %s with its first department, its administrator and its first\n"+
			"telework policy version. The administrator's password comes from %s when it is set, else it is\n"+
			"asked for on a terminal or read from the first line of standard input; never from a flag.\n\nflags:\n", command, what, adminPasswordVar)
		fs.PrintDefaults()
	}
	return &setupFlags{
		fs:     fs,
		name:   fs.String("org-name", "", "the organisation's name, e.g. 磐梯町 (required)"),
		slug:   fs.String("org-slug", "", "its short identifier: lower-case letters, digits and hyphens, e.g. bandai-town (required)"),
		zone:   fs.String("time-zone", "Asia/Tokyo", "its IANA time zone"),
		lang:   fs.String("language", "ja", "its language for e-mails: ja or en"),
		dept:   fs.String("department", "", "the administrator's department, the first one, e.g. 情報政策課 (required)"),
		code:   fs.String("department-code", "001", "that department's code"),
		email:  fs.String("admin-email", "", "the administrator's e-mail address, their sign-in name (required)"),
		person: fs.String("admin-name", "", `the administrator's family and given names separated by a space, e.g. "山田 花子" (required)`),
		number: fs.String("admin-employee-number", "", "the administrator's employee number (required)"),
	}
}

// flagOf names the flag (or the source) of each field the set-up reports.
var flagOf = map[string]string{
	"organization.name": "--org-name", "organization.slug": "--org-slug", "organization.time_zone": "--time-zone",
	"organization.language": "--language", "department.name": "--department", "department.code": "--department-code",
	"admin.email": "--admin-email", "admin.family_name": "--admin-name (family name)", "admin.given_name": "--admin-name (given name)",
	"admin.employee_number": "--admin-employee-number", "admin.password": "the password (standard input or " + adminPasswordVar + ")",
}

func (f *setupFlags) input(password string) (services.NewOrganization, error) {
	family, given, _ := strings.Cut(strings.TrimSpace(strings.ReplaceAll(*f.person, "　", " ")), " ")
	var missing []string
	for _, r := range []struct {
		flag  string
		value string
	}{{"--org-name", *f.name}, {"--org-slug", *f.slug}, {"--department", *f.dept}, {"--admin-email", *f.email},
		{"--admin-name", *f.person}, {"--admin-employee-number", *f.number}} {
		if strings.TrimSpace(r.value) == "" {
			missing = append(missing, r.flag)
		}
	}
	if len(missing) > 0 {
		return services.NewOrganization{}, fmt.Errorf("missing %s (see `kinmuchi %s -h`)", strings.Join(missing, ", "), f.fs.Name())
	}
	if strings.TrimSpace(given) == "" {
		return services.NewOrganization{}, errors.New(`--admin-name: give the family and the given name separated by a space, e.g. "山田 花子"`)
	}
	return services.NewOrganization{Name: *f.name, Slug: *f.slug, TimeZone: *f.zone, Language: *f.lang, DepartmentName: *f.dept, DepartmentCode: *f.code,
		Admin: services.NewAdmin{Email: *f.email, FamilyName: family, GivenName: strings.TrimSpace(given), EmployeeNumber: *f.number, Password: password}}, nil
}

// initCommand is `kinmuchi init`: the first organisation of an empty database.
func initCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return setupCommand(ctx, "init", args, getenv, stdin, stdout, stderr)
}

// orgCommand is `kinmuchi org create`: a further organisation.
func orgCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: kinmuchi org create --org-name NAME --org-slug SLUG --department NAME --admin-email ADDRESS --admin-name \"FAMILY GIVEN\" --admin-employee-number NUMBER")
	}
	return setupCommand(ctx, "org create", args[1:], getenv, stdin, stdout, stderr)
}

func setupCommand(ctx context.Context, command string, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	f := newSetupFlags(command, stderr)
	if err := f.fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if f.fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (the password is never a flag or an argument)", f.fs.Arg(0))
	}
	if _, err := f.input("-"); err != nil {
		return err // the flags first: nobody types a password only to hear a flag is missing
	}
	password, err := adminPassword(getenv, stdin, stderr)
	if err != nil {
		return err
	}
	in, _ := f.input(password)
	a, err := setup(ctx, getenv, stderr, false)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if err := a.migrateUp(ctx); err != nil {
		return err
	}
	// Setting up signs no token and queues no job: no secret and no queue.
	svc := services.New(services.Config{DB: a.db.Gorm, Clock: a.clock, Log: a.log})
	var res *services.SetupResult
	if command == "init" {
		res, err = svc.Setup.Init(ctx, in)
	} else {
		res, err = svc.Setup.CreateOrganization(ctx, in)
	}
	if err != nil {
		return explainSetup(err)
	}
	a.log.Info("organisation created", "command", command, "organization", res.Organization.Slug, "administrator_id", res.Admin.ID)
	where := "the address of this server"
	if a.cfg.PublicURL != "" {
		where = a.cfg.PublicURL
	}
	fmt.Fprintf(stdout, `Created the organisation %s (%s).
  department:      %s (code %s)
  administrator:   %s %s <%s>, roles employee and admin
  telework policy: %s version %s, in force from %s (the shipped template, stored as the first version)
Next: sign in at %s as %s and add departments, staff, offices and sharing (README.md, "Production").
`, res.Organization.Name, res.Organization.Slug, res.Department.Name, res.Department.Code, res.Admin.FamilyName, res.Admin.GivenName, res.Admin.Email,
		res.PolicyVersion.PolicyID, res.PolicyVersion.Version, res.PolicyVersion.EffectiveFrom, where, res.Admin.Email)
	return nil
}

// explainSetup turns a refused set-up into lines that name the flags.
func explainSetup(err error) error {
	var e *services.Error
	if !errors.As(err, &e) {
		return err
	}
	if len(e.Fields) == 0 {
		return errors.New(e.Detail.En)
	}
	lines := []string{"nothing was created:"}
	for _, f := range e.Fields {
		name := flagOf[f.Field]
		if name == "" {
			name = f.Field
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", name, f.Message.En))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// adminPassword reads the first administrator's password: from
// KINMUCHI_ADMIN_PASSWORD, else asked twice on a terminal without echo, else
// the first line of standard input.
func adminPassword(getenv func(string) string, stdin io.Reader, stderr io.Writer) (string, error) {
	if pw := getenv(adminPasswordVar); pw != "" {
		return pw, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(prompt string) (string, error) {
			fmt.Fprint(stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			return string(b), err
		}
		pw, err := ask("Password for the administrator: ")
		if err != nil || pw == "" {
			return "", errNoAdminPassword
		}
		again, err := ask("The same password again: ")
		if err != nil || again != pw {
			return "", errors.New("the two passwords differ; nothing was created")
		}
		return pw, nil
	}
	if stdin == nil {
		return "", errNoAdminPassword
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errNoAdminPassword
	}
	return pw, nil
}
